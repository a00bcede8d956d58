import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { describeDbError } from '../src/errors.js';
import type { DbHandle } from '../src/pool.js';
import { PoolBusyError } from '../src/semaphore.js';
import { killClientConnections } from '@mcp-writing/testkit';
import { backendCount, openTestPool } from './helpers.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function open(env: Record<string, string> = {}) {
  const opened = await openTestPool(env);
  cleanups.push(() => opened.database.drop(), () => opened.handle.close());
  return opened;
}

/** A query that stays active for `ms` and reports how many of our backends are active meanwhile. */
async function activeWhileSleeping(handle: DbHandle, server: string, ms: number): Promise<number> {
  const { rows } = await sql<{ active: number }>`
    SELECT (SELECT count(*)::int FROM pg_stat_activity
            WHERE application_name = current_setting('application_name') AND state = 'active') AS active
    FROM pg_sleep(${ms / 1000})`.execute(handle.forServer(server));
  return rows[0]!.active;
}

describe('createDb', () => {
  it('runs queries and reports pool statistics', async () => {
    const { handle, config } = await open({ DB_POOL_MAX: '4' });
    const { rows } = await sql<{ one: number }>`SELECT 1 AS one`.execute(handle.forServer('author'));
    expect(rows).toEqual([{ one: 1 }]);
    const stats = handle.stats();
    expect(stats).toMatchObject({ total: 1, idle: 1, waiting: 0, max: 4, min: 0, errors: 0, checkoutTimeouts: 0 });
    expect(stats.servers.author).toEqual({ inUse: 0, waiting: 0, max: 4 });
    expect(config.applicationName).toMatch(/^mcpw-t-/);
  });

  it('never lets one server hold more than DB_POOL_MAX_PER_SERVER connections, and others get through', async () => {
    const { handle } = await open({ DB_POOL_MAX: '6', DB_POOL_MAX_PER_SERVER: '2' });
    const finished: string[] = [];
    const busy = Array.from({ length: 12 }, (_, i) =>
      activeWhileSleeping(handle, 'review', 100).then((active) => {
        finished.push(`review-${i}`);
        return active;
      }),
    );
    // While review's 12 calls queue behind its cap of 2, another server is served at once.
    await new Promise((resolve) => setImmediate(resolve));
    expect(handle.stats().servers.review).toMatchObject({ inUse: 2, waiting: 10 });
    const light = await activeWhileSleeping(handle, 'author', 10);
    finished.push('author');
    const actives = await Promise.all(busy);
    expect(Math.max(...actives)).toBeLessThanOrEqual(3); // two of review's plus author's own
    expect(finished.indexOf('author')).toBeLessThan(finished.length - 1);
    expect(finished.indexOf('author')).toBeLessThan(6);
    expect(light).toBeGreaterThanOrEqual(1);
    expect(handle.stats().servers.review).toMatchObject({ inUse: 0, waiting: 0 });
  });

  it('keeps a server transaction inside its cap without deadlocking', async () => {
    const { handle } = await open({ DB_POOL_MAX: '3', DB_POOL_MAX_PER_SERVER: '1' });
    const db = handle.forServer('book-planning');
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        db.transaction().execute(async (trx) => {
          await sql`SELECT pg_sleep(0.01)`.execute(trx);
          const { rows } = await sql<{ n: number }>`SELECT ${i}::int AS n`.execute(trx);
          return rows[0]!.n;
        }),
      ),
    );
    expect(results).toEqual([0, 1, 2, 3, 4]);
  });

  it('holds the connection invariant: hundreds of concurrent queries from ten servers stay within DB_POOL_MAX, then fall back to DB_POOL_MIN when idle', async () => {
    const { handle, database, config } = await open({
      DB_POOL_MAX: '5',
      DB_POOL_MIN: '1',
      DB_POOL_MAX_PER_SERVER: '2',
      DB_POOL_IDLE_TIMEOUT: '300',
      DB_POOL_CONNECTION_TIMEOUT: '60000', // this test is about counts, not waiting
    });
    const servers = Array.from({ length: 10 }, (_, i) => `server-${i}`);
    let peak = 0;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        peak = Math.max(peak, await backendCount(database.directUrl, config.applicationName));
      }
    })();
    const calls = Array.from({ length: 300 }, (_, i) =>
      activeWhileSleeping(handle, servers[i % servers.length]!, 5),
    );
    const actives = await Promise.all(calls);
    sampling = false;
    await sampler;
    expect(peak).toBeGreaterThan(1); // the sampler saw the load
    expect(peak).toBeLessThanOrEqual(5);
    expect(Math.max(...actives)).toBeLessThanOrEqual(5);
    expect(handle.stats().total).toBeLessThanOrEqual(5);
    await expect
      .poll(() => backendCount(database.directUrl, config.applicationName), { timeout: 10_000, interval: 100 })
      .toBe(1);
    expect(handle.stats().total).toBe(1);
  });

  it('survives an idle connection killed by the server; the next query works', async () => {
    const { handle, database, config, poolErrors } = await open({ DB_POOL_MAX: '2' });
    const db = handle.forServer('scene');
    await sql`SELECT 1`.execute(db);
    const killed = await killClientConnections(database.directUrl, config.applicationName, database.name);
    expect(killed).toBe(1);
    await expect.poll(() => poolErrors.length, { timeout: 5000 }).toBe(1);
    expect(describeDbError(poolErrors[0])?.kind).toBe('unavailable');
    expect(handle.stats().errors).toBe(1);
    const { rows } = await sql<{ two: number }>`SELECT 2 AS two`.execute(db);
    expect(rows).toEqual([{ two: 2 }]);
  });

  it('answers "database busy" when no connection frees up within the connection timeout', async () => {
    const { handle } = await open({ DB_POOL_MAX: '1', DB_POOL_CONNECTION_TIMEOUT: '1000' });
    await sql`SELECT 1`.execute(handle.db); // open the one connection before holding it
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const holder = handle.forServer('author').transaction().execute(async (trx) => {
      await sql`SELECT 1`.execute(trx);
      await held;
    });
    await expect.poll(() => handle.stats().total).toBe(1);
    // Same server: waits on its own cap. Another server: waits on the pool.
    const sameServer = sql`SELECT 1`.execute(handle.forServer('author')).catch((error: unknown) => error);
    const otherServer = sql`SELECT 1`.execute(handle.forServer('scene')).catch((error: unknown) => error);
    const [a, b] = await Promise.all([sameServer, otherServer]);
    for (const error of [a, b]) {
      expect(error).toBeInstanceOf(PoolBusyError);
      expect(describeDbError(error)).toEqual({
        kind: 'busy',
        message: expect.stringMatching(/database is busy/i),
      });
    }
    expect(handle.stats().checkoutTimeouts).toBe(2);
    release();
    await holder;
    const { rows } = await sql<{ ok: number }>`SELECT 1 AS ok`.execute(handle.forServer('author'));
    expect(rows).toEqual([{ ok: 1 }]);
  });

  it('closes idempotently and refuses queries afterwards', async () => {
    const { handle } = await open();
    await sql`SELECT 1`.execute(handle.db);
    await handle.close();
    await expect(handle.close()).resolves.toBeUndefined();
    const error = await sql`SELECT 1`.execute(handle.db).catch((e: unknown) => e);
    expect(describeDbError(error)?.kind).toBe('unavailable');
  });

  it('opens nothing until the first query', async () => {
    const { handle, database, config } = await open({ DB_POOL_MIN: '2' });
    handle.forServer('author');
    expect(handle.stats().total).toBe(0);
    expect(await backendCount(database.directUrl, config.applicationName)).toBe(0);
  });
});
