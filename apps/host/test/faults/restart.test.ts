// T4 and T5 of spec/reliability.md: PostgreSQL restarted (fast, immediate)
// and stopped for 5 s under load, direct and through PgBouncer. The test runs
// its own PostgreSQL (pg_ctl on loopback) so the faults touch nothing else.
import { migrateToLatest } from '@mcp-writing/db';
import { viaPgBouncer } from '@mcp-writing/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHost, type RunningHost } from '../helpers.js';
import { startPrivateCluster, type PrivateCluster } from './cluster.js';
import { failures, runLoad } from './load.js';

const POOL_MAX = 5;
let cluster: PrivateCluster;

// These scenarios run their own PostgreSQL and PgBouncer and cover both paths
// themselves: the PgBouncer run of the suite skips them rather than repeat them.

beforeAll(async () => {
  if (viaPgBouncer()) return;
  cluster = await startPrivateCluster();
  await migrateToLatest(cluster.url);
}, 120_000);
afterAll(() => cluster?.close(), 60_000);

async function hostOn(via: 'direct' | 'pgbouncer'): Promise<RunningHost> {
  const url = via === 'direct' ? cluster.url : (await cluster.bouncer()).url;
  return startHost({
    DATABASE_URL: url,
    MIGRATION_DATABASE_URL: cluster.url,
    MIGRATE_ON_START: '0',
    DB_POOL_MAX: String(POOL_MAX),
    DB_POOL_CONNECTION_TIMEOUT: '2000',
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(viaPgBouncer()).each(['direct', 'pgbouncer'] as const)('PostgreSQL restarts under load (%s)', (via) => {
  it.each(['fast', 'immediate'] as const)('restart -m %s: failed calls <= pool size, clean within 2 s of PostgreSQL being up', { timeout: 60_000 }, async (mode) => {
    const host = await hostOn(via);
    try {
      const started = Date.now();
      const load = runLoad(host.base, { workers: 8, durationMs: 6000 });
      await sleep(1500);
      await cluster.restart(mode);
      const upAt = Date.now() - started;
      const records = await load;
      const failed = failures(records);
      process.stderr.write(
        `T4 ${via} ${mode}: ${records.length} calls, ${failed.count} failed, PostgreSQL up at ${upAt} ms, last failure answered at ${failed.lastDoneAt ?? '-'} ms\n`,
      );
      expect(records.length).toBeGreaterThan(50);
      expect(failed.count).toBeLessThanOrEqual(POOL_MAX);
      if (failed.lastDoneAt !== undefined) expect(failed.lastDoneAt - upAt).toBeLessThanOrEqual(2000);
      for (const text of failed.texts) expect(text).not.toMatch(/select|violates|\n\s+at /i);
      expect(records.filter((r) => r.sentAt > upAt + 2000).every((r) => r.ok)).toBe(true);
      expect((await fetch(`${host.base}/healthz`)).status).toBe(200);
      if (via === 'direct') {
        // The restart really cut the pool's connections: the counter moved.
        const metrics = await (await fetch(`${host.base}/metrics`)).text();
        expect(Number(/^mcp_writing_pool_errors_total (\d+)/m.exec(metrics)?.[1])).toBeGreaterThanOrEqual(1);
      }
    } finally {
      expect(await host.stop()).toBe(0);
    }
  });
});

describe.skipIf(viaPgBouncer())('PostgreSQL stopped for 5 s behind PgBouncer (server_login_retry = 1)', () => {
  it('fails calls fast during the outage and recovers within 3 s after', { timeout: 60_000 }, async () => {
    const host = await hostOn('pgbouncer');
    try {
      const started = Date.now();
      const load = runLoad(host.base, { workers: 4, durationMs: 10_000 });
      await sleep(1500);
      await cluster.stop('fast');
      const downAt = Date.now() - started;
      await sleep(5000);
      await cluster.start();
      const upAt = Date.now() - started;
      const records = await load;
      const during = records.filter((r) => r.sentAt > downAt + 100 && r.doneAt < upAt);
      const failedDuring = during.filter((r) => !r.ok);
      const slowest = Math.max(0, ...failedDuring.map((r) => r.doneAt - r.sentAt));
      const failed = failures(records);
      process.stderr.write(
        `T5: ${records.length} calls, ${failed.count} failed, down ${downAt}-${upAt} ms, slowest failed call ${slowest} ms, last failure answered at ${failed.lastDoneAt ?? '-'} ms\n`,
      );
      expect(failedDuring.length).toBeGreaterThan(0);
      expect(slowest).toBeLessThanOrEqual(5000);
      expect(failed.lastDoneAt! - upAt).toBeLessThanOrEqual(3000);
      expect(records.filter((r) => r.sentAt > upAt + 3000).every((r) => r.ok)).toBe(true);
      for (const text of failed.texts) expect(text).not.toMatch(/select|violates|\n\s+at /i);
    } finally {
      expect(await host.stop()).toBe(0);
    }
  });
});
