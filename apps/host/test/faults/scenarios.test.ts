// Fault scenarios of spec/reliability.md against the built host on the run's
// PostgreSQL (direct, or through PgBouncer under npm run test:pgbouncer):
// T1 idle connection killed, T2 in-flight backend killed, T3 pool exhaustion,
// T7 session-state hygiene, T8/T9 connection invariant, T11 fairness,
// T12 no session state, T15 large payload, T18 no partial writes.
// (T4/T5: restart.test.ts; T6: packages/db migrate.test.ts; T10, T13, T14,
// T16: http.test.ts and lifecycle.test.ts; T17: fuzz.test.ts; the backup ->
// restore half of T18: packages/servers/database-admin backup tests.)
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  adminQuery,
  clientConnections,
  createTestDatabase,
  killClientConnections,
  type TestDatabase,
} from '@mcp-writing/testkit';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callTool, rpc, startHost, type RunningHost } from '../helpers.js';
import { runLoad } from './load.js';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database?.drop());

const appName = () => `mcpw-fault-${Math.random().toString(36).slice(2, 8)}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const metric = async (host: RunningHost, pattern: RegExp) =>
  Number(pattern.exec(await (await fetch(`${host.base}/metrics`)).text())?.[1] ?? NaN);

function hostEnv(app: string, extra: Record<string, string> = {}) {
  return { DATABASE_URL: database.url, MIGRATION_DATABASE_URL: database.directUrl, MIGRATE_ON_START: '0', DB_APPLICATION_NAME: app, ...extra };
}

/** Holds an ACCESS EXCLUSIVE lock on `table` until release() (calls touching it wait). */
async function lockTable(table: string): Promise<{ release(): Promise<void> }> {
  const client = new pg.Client({ connectionString: database.directUrl });
  await client.connect();
  await client.query('BEGIN');
  await client.query(`LOCK TABLE ${table} IN ACCESS EXCLUSIVE MODE`);
  return {
    release: async () => {
      await client.query('COMMIT');
      await client.end();
    },
  };
}

const waitingOnLock = async (app: string) =>
  (
    await adminQuery<{ pid: number }>(
      database.directUrl,
      "SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock'",
      [app],
    )
  ).map((r) => r.pid);

/** Inserts one row directly and returns its id (arranging a story for a scenario). */
async function insertId(text: string, values: unknown[] = []): Promise<number> {
  const rows = await adminQuery<{ id: number }>(database.directUrl, text, values);
  return rows[0]!.id;
}

const NO_INTERNALS = /select |insert into|violates|constraint "|\n\s+at |\.js:\d+/i;

describe('T1: an idle pooled connection is killed', () => {
  it('keeps the host alive, logs the error, counts it, and the next call succeeds', async () => {
    const app = appName();
    const host = await startHost(hostEnv(app, { DB_POOL_MAX: '3' }));
    try {
      expect((await rpc(host.base, 'author', callTool(1, 'list_authors', {}))).status).toBe(200);
      expect(await killClientConnections(database.directUrl, app, database.name)).toBeGreaterThanOrEqual(1);
      await expect.poll(() => metric(host, /^mcp_writing_pool_errors_total (\d+)/m), { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
      expect(host.stderr()).toMatch(/a pooled database connection failed/);
      const next = await rpc(host.base, 'author', callTool(2, 'list_authors', {}));
      expect(next.json).toMatchObject({ result: { structuredContent: { authors: expect.any(Array) } } });
      expect((await fetch(`${host.base}/healthz`)).status).toBe(200);
    } finally {
      expect(await host.stop()).toBe(0);
    }
  });
});

describe('T2: the backend of an in-flight call is killed', () => {
  it('answers that call with a clear error (no SQL, no stack) and serves the next one', async () => {
    const app = appName();
    const host = await startHost(hostEnv(app));
    const lock = await lockTable('authors');
    try {
      const inFlight = rpc(host.base, 'author', callTool(1, 'create_author', { name: 'Interrupted' }));
      await expect.poll(() => waitingOnLock(app).then((p) => p.length), { timeout: 10_000 }).toBe(1);
      const [pid] = await waitingOnLock(app);
      await adminQuery(database.directUrl, 'SELECT pg_terminate_backend($1)', [pid]);
      const answer = await inFlight;
      expect(answer.status).toBe(200);
      const result = (answer.json as { result: { isError: boolean; content: { text: string }[] } }).result;
      expect(result.isError).toBe(true);
      expect(result.content[0]!.text).toMatch(/database is unavailable|connection/i);
      expect(result.content[0]!.text).not.toMatch(NO_INTERNALS);
      await lock.release();
      const next = await rpc(host.base, 'author', callTool(2, 'create_author', { name: 'After the kill' }));
      expect(next.json).toMatchObject({ result: { structuredContent: { author: { name: 'After the kill' } } } });
      expect(await metric(host, /^mcp_writing_tool_errors_total\{server="author",tool="create_author",kind="unavailable"\} (\d+)/m)).toBe(1);
    } finally {
      await lock.release().catch(() => undefined);
      expect(await host.stop()).toBe(0);
    }
  });
});

describe('T3: pool exhaustion', () => {
  it('answers excess calls "database busy" within the connection timeout, shows the queue, hangs nothing', async () => {
    const app = appName();
    const host = await startHost(hostEnv(app, { DB_POOL_MAX: '2', DB_POOL_CONNECTION_TIMEOUT: '500' }));
    const lock = await lockTable('authors');
    try {
      const started = Date.now();
      const calls = Array.from({ length: 8 }, (_, i) =>
        rpc(host.base, 'author', callTool(i, 'create_author', { name: `Queued ${i}` })).then((r) => ({ r, ms: Date.now() - started })),
      );
      await expect.poll(() => waitingOnLock(app).then((p) => p.length), { timeout: 10_000 }).toBe(2);
      expect(await metric(host, /^mcp_writing_server_connections_waiting\{server="author"\} (\d+)/m)).toBeGreaterThanOrEqual(1);
      const busy: number[] = [];
      for (const call of calls.slice(0)) {
        const done = await Promise.race([call, sleep(5000).then(() => undefined)]);
        if (!done) continue; // one of the two holding a connection
        const text = (done.r.json as { result: { content: { text: string }[] } }).result.content[0]!.text;
        if (/database is busy/i.test(text)) busy.push(done.ms);
      }
      expect(busy).toHaveLength(6);
      expect(Math.max(...busy)).toBeLessThan(3000);
      expect(await metric(host, /^mcp_writing_pool_checkout_timeouts_total (\d+)/m)).toBe(6);
      expect(await metric(host, /^mcp_writing_tool_errors_total\{server="author",tool="create_author",kind="busy"\} (\d+)/m)).toBe(6);
      await lock.release();
      const held = (await Promise.all(calls)).filter(({ r }) => !(r.json as { result: { isError?: boolean } }).result.isError);
      expect(held).toHaveLength(2);
    } finally {
      await lock.release().catch(() => undefined);
      expect(await host.stop()).toBe(0);
    }
  });
});

describe('T7: session-state hygiene', () => {
  it('leaves default statement_timeout and search_path on the connections it used', async () => {
    const app = appName();
    const host = await startHost(hostEnv(app, { DB_POOL_MAX: '3' }));
    try {
      await runLoad(host.base, { workers: 6, durationMs: 1500, server: 'core-continuity', tool: 'get_available_options', args: { option_type: 'genres' } });
    } finally {
      await host.stop();
    }
    for (let i = 0; i < 3; i++) {
      const rows = await adminQuery<{ st: string; sp: string }>(
        database.url,
        "SELECT current_setting('statement_timeout') AS st, current_setting('search_path') AS sp",
      );
      expect(rows[0]).toEqual({ st: '0', sp: '"$user", public' });
    }
  });

  it('uses no session-level SET anywhere in the code (only SET LOCAL)', () => {
    const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const full = path.join(dir, name);
        if (name === 'node_modules' || name === 'dist' || name === 'test') continue;
        if (statSync(full).isDirectory()) walk(full);
        else if (full.endsWith('.ts')) {
          const text = readFileSync(full, 'utf8');
          // A statement that starts with SET <name> = / TO (not SET LOCAL).
          for (const m of text.matchAll(/(?:sql`|['"`])\s*SET\s+(?!LOCAL\b)[a-z_.]+\s*(?:=|TO\b)/g)) offenders.push(`${full}: ${m[0]}`);
          for (const m of text.matchAll(/set_config\([^)]*,\s*false\s*\)/gi)) offenders.push(`${full}: ${m[0]}`);
        }
      }
    };
    for (const top of ['packages', 'apps']) walk(path.join(root, top));
    expect(offenders).toEqual([]);
  });
});

describe('T8/T9: the connection invariant', () => {
  async function peakUnderLoad(extra: Record<string, string>) {
    const app = appName();
    const host = await startHost(hostEnv(app, { DB_POOL_MAX: '5', DB_POOL_MIN: '1', DB_POOL_IDLE_TIMEOUT: '500', ...extra }));
    try {
      let peak = 0;
      let sampling = true;
      const sampler = (async () => {
        while (sampling) {
          peak = Math.max(peak, await clientConnections(database.directUrl, app));
          await sleep(50);
        }
      })();
      const records = await runLoad(host.base, { workers: 60, durationMs: 3000 });
      sampling = false;
      await sampler;
      expect(records.every((r) => r.ok)).toBe(true);
      await expect.poll(() => clientConnections(database.directUrl, app), { timeout: 10_000 }).toBe(1);
      return { peak, calls: records.length };
    } finally {
      expect(await host.stop()).toBe(0);
    }
  }

  it('60 concurrent clients with every server enabled never exceed DB_POOL_MAX, then fall to DB_POOL_MIN; one server enabled peaks the same', async () => {
    const all = await peakUnderLoad({});
    const one = await peakUnderLoad({ ACTIVE_MCP_SERVERS: 'author' });
    process.stderr.write(`T8/T9: peak ${all.peak} with all servers (${all.calls} calls), ${one.peak} with one (${one.calls} calls)\n`);
    expect(all.peak).toBeLessThanOrEqual(5);
    expect(all.peak).toBeGreaterThanOrEqual(2);
    expect(one.peak).toBe(all.peak);
  }, 90_000);
});

describe('T11: fairness', () => {
  it('keeps a lightly used server answering while another is saturated', async () => {
    const app = appName();
    const authorId = await insertId("INSERT INTO authors (name) VALUES ('Fair') RETURNING id");
    const seriesId = await insertId('INSERT INTO series (author_id, title) VALUES ($1, $2) RETURNING id', [authorId, 'F']);
    const bookId = await insertId('INSERT INTO books (series_id, title, book_number) VALUES ($1, $2, 1) RETURNING id', [seriesId, 'F1']);
    const chapterId = await insertId('INSERT INTO chapters (book_id, chapter_number) VALUES ($1, 1) RETURNING id', [bookId]);
    const host = await startHost(hostEnv(app, { DB_POOL_MAX: '4', DB_POOL_MAX_PER_SERVER: '2', DB_POOL_CONNECTION_TIMEOUT: '8000' }));
    const lock = await lockTable('chapter_scenes');
    try {
      const saturating = Array.from({ length: 20 }, (_, i) => rpc(host.base, 'scene', callTool(i, 'list_scenes', { chapter_id: chapterId })));
      await expect.poll(() => waitingOnLock(app).then((p) => p.length), { timeout: 10_000 }).toBe(2);
      const latencies: number[] = [];
      for (let i = 0; i < 40; i++) {
        const t0 = Date.now();
        const res = await rpc(host.base, 'author', callTool(i, 'list_authors', { limit: 5 }));
        expect((res.json as { result: { isError?: boolean } }).result.isError).toBeFalsy();
        latencies.push(Date.now() - t0);
      }
      latencies.sort((a, b) => a - b);
      const p99 = latencies[Math.ceil(latencies.length * 0.99) - 1]!;
      process.stderr.write(`T11: author p99 ${p99} ms while scene holds its 2 connections and queues 18 calls\n`);
      expect(p99).toBeLessThan(1000);
      expect(await metric(host, /^mcp_writing_server_connections_in_use\{server="scene"\} (\d+)/m)).toBe(2);
      await lock.release();
      for (const res of await Promise.all(saturating)) expect(res.status).toBe(200);
    } finally {
      await lock.release().catch(() => undefined);
      expect(await host.stop()).toBe(0);
    }
  });
});

describe('T12: no session state', () => {
  it('hands out no session ids and holds nothing after a burst', async () => {
    const host = await startHost(hostEnv(appName()));
    try {
      const res = await fetch(`${host.base}/mcp/author`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '0' } } }),
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('mcp-session-id')).toBeNull();
      await runLoad(host.base, { workers: 20, durationMs: 1000 });
      expect(await metric(host, /^mcp_writing_calls_in_flight (\d+)/m)).toBe(0);
    } finally {
      await host.stop();
    }
  });
});

describe('T15 / T18: large payloads and partial writes', () => {
  it('stores 1 MB of chapter text and reads it back intact over HTTP', async () => {
    const host = await startHost(hostEnv(appName()));
    try {
      const authorId = await insertId("INSERT INTO authors (name) VALUES ('Long') RETURNING id");
      const seriesId = await insertId('INSERT INTO series (author_id, title) VALUES ($1, $2) RETURNING id', [authorId, 'L']);
      const bookId = await insertId('INSERT INTO books (series_id, title, book_number) VALUES ($1, $2, 1) RETURNING id', [seriesId, 'L1']);
      const chapterId = await insertId('INSERT INTO chapters (book_id, chapter_number) VALUES ($1, 1) RETURNING id', [bookId]);
      const unit = 'The tide came in over the salt flats, and Mira counted the gulls — ñ, 漢字, 🌊.\n';
      const text = unit.repeat(Math.ceil((1024 * 1024) / Buffer.byteLength(unit)));
      const created = await rpc(host.base, 'scene', callTool(1, 'create_scene', { chapter_id: chapterId, scene_number: 1, scene_content: text }));
      const sceneId = (created.json as { result: { structuredContent: { scene: { id: number } } } }).result.structuredContent.scene.id;
      const read = await rpc(host.base, 'scene', callTool(2, 'get_scene', { scene_id: sceneId }));
      const content = (read.json as { result: { structuredContent: { scene: { scene_content: string } } } }).result.structuredContent.scene.scene_content;
      const sha = (s: string) => createHash('sha256').update(s).digest('hex');
      expect(Buffer.byteLength(content)).toBeGreaterThanOrEqual(1024 * 1024);
      expect(sha(content)).toBe(sha(text));
    } finally {
      await host.stop();
    }
  });

  it('leaves no partial rows when a multi-row write fails', async () => {
    const host = await startHost(hostEnv(appName()));
    try {
      const authorId = await insertId("INSERT INTO authors (name) VALUES ('Atomic') RETURNING id");
      const res = await rpc(host.base, 'series-planning', callTool(1, 'create_series', { title: 'Half written', author_id: authorId, genre_ids: [1, 999_999] }));
      const result = (res.json as { result: { isError: boolean; content: { text: string }[] } }).result;
      expect(result.isError).toBe(true);
      expect(result.content[0]!.text).toMatch(/genre/i);
      expect(result.content[0]!.text).not.toMatch(NO_INTERNALS);
      expect(await adminQuery(database.directUrl, "SELECT id FROM series WHERE title = 'Half written'")).toEqual([]);
    } finally {
      await host.stop();
    }
  });
});
