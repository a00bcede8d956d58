/**
 * The root init.sql (what PostgreSQL's docker-entrypoint runs on an empty
 * volume for the desktop app) must be exactly what the migrations produce:
 * regenerated here and compared byte for byte, then run on an empty database
 * and compared, catalog and rows, with a database the host migrated itself.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { adminQuery, createEmptyDatabase, type TestDatabase } from '@mcp-writing/testkit';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../src/migrate.js';
import { migrations } from '../src/migrations/index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const INIT_SQL = path.join(root, 'init.sql');
const GENERATOR = path.join(root, 'scripts/generate-init-sql.mjs');

function generate(url: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [GENERATOR, '--stdout', '--database-url', url], {
      env: { PATH: process.env.PATH },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** psql, as docker-entrypoint runs it, when installed; otherwise one multi-statement query. */
async function runInitSql(url: string): Promise<void> {
  if (spawnSync('psql', ['--version']).status === 0) {
    const run = spawnSync('psql', [url, '-v', 'ON_ERROR_STOP=1', '--no-psqlrc', '-q', '-f', INIT_SQL], { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`psql init.sql failed (${run.status}): ${run.stderr}`);
    return;
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(readFileSync(INIT_SQL, 'utf8'));
  } finally {
    await client.end();
  }
}

/** Everything a migration defines in the public schema, as comparable text rows. */
const CATALOG: Record<string, string> = {
  tables: `SELECT table_name, table_type FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`,
  columns: `SELECT table_name, ordinal_position, column_name, data_type, udt_name, character_maximum_length,
                   numeric_precision, is_nullable, column_default
              FROM information_schema.columns WHERE table_schema = 'public' ORDER BY 1, 2`,
  indexes: `SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1, 2`,
  constraints: `SELECT c.conrelid::regclass::text AS rel, c.conname, pg_get_constraintdef(c.oid) AS def
                  FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
                 WHERE n.nspname = 'public' ORDER BY 1, 2`,
  triggers: `SELECT t.tgrelid::regclass::text AS rel, t.tgname, pg_get_triggerdef(t.oid) AS def
               FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
              WHERE n.nspname = 'public' AND NOT t.tgisinternal ORDER BY 1, 2`,
  functions: `SELECT p.proname, pg_get_functiondef(p.oid) AS def
                FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
               WHERE n.nspname = 'public' ORDER BY 1`,
  views: `SELECT viewname, definition FROM pg_views WHERE schemaname = 'public' ORDER BY 1`,
  sequences: `SELECT sequence_name, data_type, start_value FROM information_schema.sequences
               WHERE sequence_schema = 'public' ORDER BY 1`,
};

async function catalog(url: string): Promise<Record<string, unknown[]>> {
  const snapshot: Record<string, unknown[]> = {};
  for (const [part, query] of Object.entries(CATALOG)) snapshot[part] = await adminQuery(url, query);
  return snapshot;
}

/** Every row of every table (lookups and bookkeeping), run-time columns left out. */
async function contents(url: string): Promise<Record<string, unknown[]>> {
  const tables = await adminQuery<{ name: string }>(
    url,
    `SELECT table_name AS name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`,
  );
  const rows: Record<string, unknown[]> = {};
  for (const { name } of tables) {
    const found = await adminQuery(url, `SELECT * FROM public."${name}" ORDER BY 1`);
    if (found.length === 0) continue;
    rows[name] = found.map(({ created_at: _c, updated_at: _u, timestamp: _t, ...rest }) => rest);
  }
  return rows;
}

function firstDifference(a: string, b: string): string {
  const left = a.split('\n');
  const right = b.split('\n');
  const line = left.findIndex((text, i) => text !== right[i]);
  const at = line === -1 ? Math.min(left.length, right.length) : line;
  return `first difference at line ${at + 1}:\n  committed: ${left[at] ?? '<end>'}\n  generated: ${right[at] ?? '<end>'}`;
}

describe('init.sql', () => {
  let fromInitSql: TestDatabase;
  let migrated: TestDatabase;

  beforeAll(async () => {
    [fromInitSql, migrated] = await Promise.all([createEmptyDatabase(), createEmptyDatabase()]);
    await runInitSql(fromInitSql.directUrl);
    await migrateToLatest(migrated.directUrl);
  });
  afterAll(async () => {
    await fromInitSql?.drop();
    await migrated?.drop();
  });

  it('is what the migrations generate today (byte for byte)', async () => {
    const { code, stdout, stderr } = await generate(migrated.directUrl);
    expect(code, stderr).toBe(0);
    const committed = readFileSync(INIT_SQL, 'utf8');
    if (committed !== stdout) {
      expect.fail(`init.sql is out of date: run \`npm run init-sql\` and commit it (${firstDifference(committed, stdout)})`);
    }
    expect(stdout).toMatch(/^BEGIN;$/m);
    expect(stdout.trimEnd().endsWith('COMMIT;')).toBe(true);
  });

  it('leaves the host nothing to migrate', async () => {
    const again = await migrateToLatest(fromInitSql.directUrl);
    expect(again.applied).toEqual([]);
    const recorded = await adminQuery<{ name: string; timestamp: string }>(
      fromInitSql.directUrl,
      'SELECT name, "timestamp" FROM kysely_migration ORDER BY name',
    );
    expect(recorded.map((r) => r.name)).toEqual(Object.keys(migrations).sort());
    // The run time of init.sql, as an ISO string kysely can sort by.
    for (const { timestamp } of recorded) expect(Date.now() - new Date(timestamp).getTime()).toBeLessThan(10 * 60_000);
  });

  it('builds the same tables, columns, indexes, constraints, triggers, functions and views as the migrations', async () => {
    const [mine, theirs] = await Promise.all([catalog(fromInitSql.directUrl), catalog(migrated.directUrl)]);
    expect(mine.tables!.length).toBeGreaterThan(60);
    expect(mine.triggers!.length).toBeGreaterThan(30);
    for (const part of Object.keys(CATALOG)) expect(mine[part], part).toEqual(theirs[part]);
  });

  it('holds the same rows (lookups, kysely lock) and the original migrations(filename) table', async () => {
    const [mine, theirs] = await Promise.all([contents(fromInitSql.directUrl), contents(migrated.directUrl)]);
    expect(mine).toEqual(theirs);
    expect((mine.genres ?? []).length).toBe(10);
    const columns = await adminQuery<{ column_name: string }>(
      fromInitSql.directUrl,
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'migrations' ORDER BY ordinal_position`,
    );
    expect(columns.map((c) => c.column_name)).toEqual(['id', 'filename', 'applied_at']);
    const unique = await adminQuery(
      fromInitSql.directUrl,
      `SELECT 1 FROM pg_constraint WHERE conrelid = 'public.migrations'::regclass AND contype = 'u'`,
    );
    expect(unique).toHaveLength(1);
  });
});
