import { createEmptyDatabase, adminQuery } from '@mcp-writing/testkit';
import { describe, expect, it } from 'vitest';
import { createDb } from '../src/pool.js';
import { loadDbConfig } from '../src/config.js';
import { migrateToLatest, migrationStatus } from '../src/migrate.js';
import { migrations } from '../src/migrations/index.js';

describe('migrateToLatest', () => {
  it('applies every migration on an empty database, then nothing', async () => {
    const database = await createEmptyDatabase();
    try {
      const first = await migrateToLatest(database.directUrl);
      expect(first.applied).toEqual(Object.keys(migrations).sort());
      const second = await migrateToLatest(database.directUrl);
      expect(second.applied).toEqual([]);
    } finally {
      await database.drop();
    }
  });

  it('survives two concurrent runs with traffic, and leaves no advisory lock behind', async () => {
    const database = await createEmptyDatabase();
    const handle = createDb(loadDbConfig({ DATABASE_URL: database.url, DB_POOL_MAX: '2' }));
    try {
      let traffic = true;
      const load = (async () => {
        let queries = 0;
        while (traffic) {
          await adminQuery(database.directUrl, 'SELECT count(*) FROM pg_class');
          queries += 1;
        }
        return queries;
      })();
      const [a, b] = await Promise.all([migrateToLatest(database.directUrl), migrateToLatest(database.directUrl)]);
      traffic = false;
      expect(await load).toBeGreaterThan(0);
      // Each migration ran exactly once, in one of the two runs.
      expect([...a.applied, ...b.applied].sort()).toEqual(Object.keys(migrations).sort());
      const locks = await adminQuery(database.directUrl, "SELECT 1 FROM pg_locks WHERE locktype = 'advisory'");
      expect(locks).toEqual([]);
      const status = await migrationStatus(handle.db);
      expect(status.pending).toEqual([]);
      const genres = await adminQuery<{ n: number }>(database.directUrl, 'SELECT count(*)::int AS n FROM genres');
      expect(genres[0]!.n).toBe(10);
    } finally {
      await handle.close();
      await database.drop();
    }
  });

  it('reports pending migrations on a database that has none applied', async () => {
    const database = await createEmptyDatabase();
    const handle = createDb(loadDbConfig({ DATABASE_URL: database.url }));
    try {
      const status = await migrationStatus(handle.db);
      expect(status.pending).toEqual(Object.keys(migrations).sort());
    } finally {
      await handle.close();
      await database.drop();
    }
  });

  it('names the database in the error when it cannot connect', async () => {
    await expect(migrateToLatest('postgres://nobody:x@127.0.0.1:1/none')).rejects.toThrow(/migrations failed/);
  });
});
