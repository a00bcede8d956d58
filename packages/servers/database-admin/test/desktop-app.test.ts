/**
 * The desktop app's Database tab (spec/legacy-clients.md, "Database-admin
 * tools the client calls") runs unchanged: the tools it calls under its
 * names, its camelCase arguments, the fields it reads back (totalCount,
 * data.columns, isPrimaryKey), and JSON alone in content[0].text.
 */
import { sql } from '@mcp-writing/db';
import { textOf, type ServerHarness } from '@mcp-writing/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORY_TABLES, STORY_VIEWS } from '../src/index.js';
import { auditRows, buildStory, ok, refused, startAdmin, type Query, type Story } from './helpers.js';

let h: ServerHarness;
let story: Story;
beforeAll(async () => {
  h = await startAdmin();
  story = await buildStory(h.db, 'app');
});
afterAll(() => h?.close());

const names = (res: Query) => res.records.map((r) => r.name);
const charactersOf = (extra: Record<string, unknown>) =>
  ok<Query>(h, 'db_query_records', { table: 'characters', columns: ['id', 'name', 'character_type'], where: { series_id: story.seriesId }, ...extra });

describe('db_list_columns (the desktop app\'s name for db_list_table_columns)', () => {
  it.each([{}, { include_metadata: true }])('answers exactly as db_list_table_columns with %j, columns under data.columns', async (extra) => {
    const alias = await ok<{ table: string; count: number; columns: { name: string; type: string; isPrimaryKey?: boolean }[] }>(h, 'db_list_columns', {
      table: 'books',
      ...extra,
    });
    const original = await ok(h, 'db_list_table_columns', { table: 'books', ...extra });
    expect(alias).toEqual(original);
    const { rows } = await sql<{ column_name: string }>`
      SELECT column_name::text FROM information_schema.columns
       WHERE table_schema = 'public' AND table_name = 'books' ORDER BY ordinal_position`.execute(h.db);
    expect(alias.columns.map((c) => c.name)).toEqual(rows.map((r) => r.column_name));
    expect(alias.columns.find((c) => c.name === 'title')?.type).toBe('character varying');
  });

  it('marks the primary key with include_metadata', async () => {
    const res = await ok<{ columns: { name: string; isPrimaryKey: boolean }[] }>(h, 'db_list_columns', { table: 'chapters', include_metadata: true });
    expect(res.columns.filter((c) => c.isPrimaryKey).map((c) => c.name)).toEqual(['id']);
  });

  it.each([
    [{ table: 'audit_logs' }, /audit_logs is read only through db_query_audit_logs/],
    [{ table: 'nope' }, /not one of the story tables/],
    [{ table: 'books; drop table books' }, /table/],
    [{}, /table/],
  ])('refuses %j as db_list_table_columns does', async (args, message) => {
    expect(await refused(h, 'db_list_columns', args)).toMatch(message);
  });
});

describe('db_get_server_info', () => {
  it('names the server, PostgreSQL, the database and the allow-list, in one read-only call', async () => {
    const info = await ok<{
      server: { name: string; title: string; version: string };
      database: { name: string; postgres_version: string; postgres_version_num: number; max_connections: number; connections: number };
      allow_list: { tables: number; views: number };
      audit_reads: boolean;
      pool: unknown;
    }>(h, 'db_get_server_info');
    const version = h.client.getServerVersion();
    expect(info.server).toEqual({ name: 'database-admin', title: version?.name, version: version?.version });
    const { rows } = await sql<{ v: string; n: number; db: string; max: number }>`
      SELECT current_setting('server_version') AS v, current_setting('server_version_num')::int AS n,
             current_database()::text AS db, current_setting('max_connections')::int AS max`.execute(h.db);
    expect(info.database).toMatchObject({ name: h.database.name, postgres_version: rows[0]?.v, postgres_version_num: rows[0]?.n, max_connections: rows[0]?.max });
    expect(info.database.connections).toBeGreaterThanOrEqual(1);
    expect(info.allow_list).toEqual({ tables: STORY_TABLES.length, views: STORY_VIEWS.length });
    expect(info.allow_list.tables).toBeGreaterThan(30);
    // The server gets a Kysely, not the pool: without the host's poolStats there are no pool figures.
    expect(info.pool).toBeNull();
  });

  it('reports the process pool when the host passes its stats', async () => {
    let withPool: ServerHarness | undefined;
    withPool = await startAdmin({ poolStats: () => (withPool as ServerHarness).handle.stats() }, { DB_POOL_MAX: '4' });
    try {
      const info = await ok<{ pool: { max: number; total: number; servers: Record<string, { max: number }> } }>(withPool, 'db_get_server_info');
      expect(info.pool.max).toBe(4);
      expect(info.pool.total).toBeGreaterThanOrEqual(1);
      expect(info.pool.servers['database-admin']).toMatchObject({ max: 4 });
    } finally {
      await withPool.close();
    }
  });
});

describe('orderBy, the desktop app\'s order_by', () => {
  it('takes the list of {column, direction} as order_by does (direction in any case)', async () => {
    const snake = await charactersOf({ order_by: [{ column: 'name', direction: 'DESC' }] });
    expect(names(snake)).toEqual(['Orin app', 'Mara app', 'Kest app']);
    expect(names(await charactersOf({ orderBy: [{ column: 'name', direction: 'DESC' }] }))).toEqual(names(snake));
    expect(names(await charactersOf({ orderBy: [{ column: 'name', direction: 'desc' }] }))).toEqual(names(snake));
    expect(names(await charactersOf({ orderBy: [{ column: 'name' }] }))).toEqual(['Kest app', 'Mara app', 'Orin app']);
  });

  it.each([
    ['name DESC', ['Orin app', 'Mara app', 'Kest app']],
    ['name', ['Kest app', 'Mara app', 'Orin app']],
    ['  name   asc ', ['Kest app', 'Mara app', 'Orin app']],
    ['character_type DESC, name ASC', ['Kest app', 'Mara app', 'Orin app']],
    ['character_type ASC,name DESC', ['Orin app', 'Mara app', 'Kest app']],
    ['id DESC', null],
    ['', null],
  ])('takes the string %j', async (orderBy, expected) => {
    const res = await charactersOf({ orderBy });
    if (expected) expect(names(res)).toEqual(expected);
    const ids = res.records.map((r) => r.id as number);
    if (orderBy === 'id DESC') expect(ids).toEqual([...story.characterIds].reverse());
    if (orderBy === '') expect(ids).toEqual(story.characterIds);
  });

  it('sorts the library as LibraryView asks ("created_at DESC")', async () => {
    await h.db.updateTable('books').set({ created_at: sql`created_at - interval '1 day'` }).where('id', '=', story.bookIds[1]).execute();
    const res = await ok<Query>(h, 'db_query_records', { table: 'books', where: { series_id: story.seriesId }, orderBy: 'created_at DESC' });
    expect(res.records.map((r) => r.id)).toEqual([story.bookIds[0], story.bookIds[1]]);
    expect(res.totalCount).toBe(2);
  });

  it('accepts both names when they agree, and refuses them naming both when they differ', async () => {
    const same = await charactersOf({ order_by: [{ column: 'name', direction: 'DESC' }], orderBy: 'name DESC' });
    expect(names(same)).toEqual(['Orin app', 'Mara app', 'Kest app']);
    const message = await refused(h, 'db_query_records', { table: 'characters', order_by: [{ column: 'name' }], orderBy: 'name DESC' });
    expect(message).toMatch(/order_by and orderBy were both given, with different values/);
  });

  it.each([
    ['nope DESC', /orderBy: unknown column "nope" in characters/],
    ['name SIDEWAYS', /orderBy: sort key 1 is not "column", "column ASC" or "column DESC"/],
    ['name DESC NULLS FIRST', /orderBy: sort key 1 is not/],
    ['name DESC, (select 1)', /orderBy: sort key 2 is not/],
    ['id; DROP TABLE characters; --', /orderBy: sort key 1 is not/],
    ['name DESC; DELETE FROM characters', /orderBy: sort key 1 is not/],
    ['"name" DESC', /orderBy: sort key 1 is not/],
    ['name,,id', /orderBy: sort key 2 is not/],
    ['name DESC,', /orderBy: sort key 2 is not/],
    [Array.from({ length: 11 }, () => 'id').join(', '), /orderBy: at most 10 sort keys/],
    [[{ column: 'nope' }], /orderBy: unknown column "nope"/],
    [[{ column: 'id; drop table characters' }], /orderBy: a column name is not a plain identifier/],
    [[{ column: 'id', direction: 'sideways' }], /must be a list of at most 10 \{column, direction\}.* at orderBy/],
    ['x'.repeat(501), /orderBy/],
    [42, /must be a list .*or a string like "created_at DESC".* at orderBy/],
  ])('refuses %j naming orderBy, never SQL, and changes nothing', async (orderBy, message) => {
    expect(await refused(h, 'db_query_records', { table: 'characters', orderBy })).toMatch(message);
    const count = await h.db.selectFrom('characters').select((eb) => eb.fn.countAll<number>().as('n')).where('series_id', '=', story.seriesId).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(3);
  });
});

describe('softDelete, the desktop app\'s soft_delete', () => {
  it('reaches the same readable refusal as soft_delete, and deletes nothing', async () => {
    const viaSnake = await refused(h, 'db_delete_records', { table: 'characters', where: { id: story.characterIds[2] }, soft_delete: true });
    const viaCamel = await refused(h, 'db_delete_records', { table: 'characters', where: { id: story.characterIds[2] }, softDelete: true });
    expect(viaCamel).toBe(viaSnake);
    expect(viaCamel).toMatch(/^Soft delete is not available for characters: the table has no deleted_at column/);
    const batch = await refused(h, 'db_batch_delete', { table: 'characters', conditions: [{ id: story.characterIds[2] }], softDelete: true });
    expect(batch).toBe(viaSnake);
    const row = await h.db.selectFrom('characters').select('id').where('id', '=', story.characterIds[2] as number).executeTakeFirst();
    expect(row).toBeDefined();
  });

  it('deletes with softDelete: false, and records it as a plain delete', async () => {
    const [trope] = await h.db.insertInto('tropes').values({ trope_name: 'Soft app' }).returning('id').execute();
    const res = await ok<{ deleted_count: number; soft_delete: boolean }>(h, 'db_delete_records', { table: 'tropes', where: { id: trope?.id }, softDelete: false });
    expect(res).toMatchObject({ deleted_count: 1, soft_delete: false });
    expect(await h.db.selectFrom('tropes').select('id').where('id', '=', trope?.id as number).executeTakeFirst()).toBeUndefined();
    const audit = (await auditRows(h.db, { table: 'tropes', operation: 'DELETE' })).at(-1);
    expect(audit).toMatchObject({ success: true, record_id: String(trope?.id) });
    expect(audit?.changes).toMatchObject({ soft_delete: false });
  });

  it('refuses soft_delete and softDelete that differ, naming both, and deletes nothing', async () => {
    const [trope] = await h.db.insertInto('tropes').values({ trope_name: 'Both app' }).returning('id').execute();
    for (const tool of ['db_delete_records', 'db_batch_delete']) {
      const args = tool === 'db_delete_records' ? { where: { id: trope?.id } } : { conditions: [{ id: trope?.id }] };
      const message = await refused(h, tool, { table: 'tropes', ...args, soft_delete: true, softDelete: false });
      expect(message).toMatch(/soft_delete and softDelete were both given, with different values/);
    }
    expect(await h.db.selectFrom('tropes').select('id').where('id', '=', trope?.id as number).executeTakeFirst()).toBeDefined();
  });
});

describe('returnRecord / returnRecords (accepted)', () => {
  it('inserts with returnRecord and returns the row', async () => {
    const res = await ok<{ record: { id: number; trope_name: string } }>(h, 'db_insert_record', {
      table: 'tropes',
      data: { trope_name: 'Returned app' },
      returnRecord: true,
    });
    expect(res.record.trope_name).toBe('Returned app');
    const row = await h.db.selectFrom('tropes').select('trope_name').where('id', '=', res.record.id).executeTakeFirstOrThrow();
    expect(row.trope_name).toBe('Returned app');
  });

  it('updates with returnRecords and returns the rows', async () => {
    const res = await ok<{ updated_count: number; records: { name: string }[] }>(h, 'db_update_records', {
      table: 'characters',
      data: { full_name: 'Kest of the Mast' },
      where: { id: story.characterIds[1] },
      returnRecords: false,
    });
    expect(res.updated_count).toBe(1);
    const row = await h.db.selectFrom('characters').select('full_name').where('id', '=', story.characterIds[1] as number).executeTakeFirstOrThrow();
    expect(row.full_name).toBe('Kest of the Mast');
  });
});

describe('startDate / endDate on the audit tools', () => {
  it('filters db_query_audit_logs and db_get_audit_summary as start_date / end_date do', async () => {
    await ok(h, 'db_insert_record', { table: 'tropes', data: { trope_name: 'Audited app' } });
    const { rows } = await sql<{ today: string }>`SELECT current_date::text AS today`.execute(h.db);
    const today = rows[0]?.today as string;
    const snake = await ok<{ total_count: number; totalCount: number }>(h, 'db_query_audit_logs', { start_date: today, end_date: today });
    const camel = await ok<{ total_count: number; totalCount: number }>(h, 'db_query_audit_logs', { startDate: today, endDate: today, limit: 50 });
    expect(camel.total_count).toBe(snake.total_count);
    expect(camel.totalCount).toBe(camel.total_count);
    expect(camel.total_count).toBe((await auditRows(h.db)).length);
    const none = await ok<{ total_count: number }>(h, 'db_query_audit_logs', { endDate: '2000-01-01' });
    expect(none.total_count).toBe(0);
    const summary = await ok<{ total: number; period: { start_date: string | null; end_date: string | null } }>(h, 'db_get_audit_summary', {
      startDate: '2999-01-01',
    });
    expect(summary).toMatchObject({ total: 0, period: { start_date: '2999-01-01', end_date: null } });
    const both = await ok<{ total: number }>(h, 'db_get_audit_summary', { start_date: today, startDate: today });
    expect(both.total).toBe(snake.total_count);
  });

  it.each([
    ['db_query_audit_logs', { start_date: '2025-01-01', startDate: '2025-02-01' }, /start_date and startDate were both given/],
    ['db_get_audit_summary', { end_date: '2025-01-01', endDate: '2025-02-01' }, /end_date and endDate were both given/],
    ['db_query_audit_logs', { startDate: 'yesterday-ish' }, /startDate/],
    ['db_get_audit_summary', { endDate: 'soon' }, /endDate/],
  ])('%s refuses %j naming the field', async (tool, args, message) => {
    expect(await refused(h, tool, args)).toMatch(message);
  });
});

describe('db_get_schema as the Schema tab calls it', () => {
  it('accepts includeConstraints and includeIndexes and returns columns with isPrimaryKey', async () => {
    const plain = await ok<{ columns: { name: string; isPrimaryKey: boolean }[]; indexes: unknown[] }>(h, 'db_get_schema', { table: 'chapters' });
    const asked = await ok<typeof plain>(h, 'db_get_schema', { table: 'chapters', includeConstraints: true, includeIndexes: true });
    expect(asked.columns).toEqual(plain.columns);
    expect(asked.indexes.length).toBeGreaterThan(0);
    const { rows } = await sql<{ attname: string }>`
      SELECT a.attname::text FROM pg_index i
        JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
       WHERE i.indrelid = 'public.chapters'::regclass AND i.indisprimary`.execute(h.db);
    expect(asked.columns.filter((c) => c.isPrimaryKey).map((c) => c.name)).toEqual(rows.map((r) => r.attname));
    expect(asked.columns.every((c) => typeof c.isPrimaryKey === 'boolean')).toBe(true);
  });
});

describe('db_get_relationships without a table', () => {
  it('lists every foreign key among the story tables', async () => {
    const res = await ok<{
      table: null;
      count: number;
      relationships: { constraint: string; from_table: string; to_table: string; from_columns: string[] }[];
      tables: string[];
    }>(h, 'db_get_relationships', {});
    const { rows } = await sql<{ name: string; from_table: string; to_table: string }>`
      SELECT con.conname::text AS name, f.relname::text AS from_table, t.relname::text AS to_table
        FROM pg_constraint con
        JOIN pg_class f ON f.oid = con.conrelid
        JOIN pg_class t ON t.oid = con.confrelid
        JOIN pg_namespace n ON n.oid = f.relnamespace
       WHERE con.contype = 'f' AND n.nspname = 'public'
         AND f.relname = ANY(${STORY_TABLES}::text[]) AND t.relname = ANY(${STORY_TABLES}::text[])`.execute(h.db);
    expect(res.table).toBeNull();
    expect(res.count).toBe(rows.length);
    expect(res.relationships.map((r) => `${r.from_table}.${r.constraint}`).sort()).toEqual(rows.map((r) => `${r.from_table}.${r.name}`).sort());
    expect(res.relationships).toContainEqual(expect.objectContaining({ from_table: 'books', to_table: 'series', from_columns: ['series_id'] }));
    expect(res.tables).toEqual([...new Set(rows.flatMap((r) => [r.from_table, r.to_table]))].sort());
    expect(res.tables).not.toContain('audit_logs');
  });

  it('still follows one table when given', async () => {
    const res = await ok<{ table: string; relationships: { from_table: string; to_table: string }[] }>(h, 'db_get_relationships', { table: 'books' });
    expect(res.table).toBe('books');
    expect(res.relationships.every((r) => r.from_table === 'books' || r.to_table === 'books')).toBe(true);
  });
});

describe('totalCount next to the counts the desktop app reads', () => {
  it('is on db_query_records when the app counts rows (getCount: table and where only)', async () => {
    const res = await ok<Query>(h, 'db_query_records', { table: 'chapters', where: { book_id: story.bookIds[0] } });
    const rows = await h.db.selectFrom('chapters').select('id').where('book_id', '=', story.bookIds[0]).execute();
    expect(res.totalCount).toBe(rows.length);
    expect(res.total_count).toBe(rows.length);
  });

  it('is on the batch answers, equal to the rows inserted, updated or deleted', async () => {
    const inserted = await ok<{ inserted_count: number; totalCount: number; records: { id: number }[] }>(h, 'db_batch_insert', {
      table: 'tropes',
      records: [{ trope_name: 'Batch app 1' }, { trope_name: 'Batch app 2' }, { trope_name: 'Batch app 3' }],
    });
    expect(inserted).toMatchObject({ inserted_count: 3, totalCount: 3 });
    const ids = inserted.records.map((r) => r.id);
    const updated = await ok<{ updated_count: number; totalCount: number }>(h, 'db_batch_update', {
      table: 'tropes',
      updates: [
        { where: { id: { in: ids.slice(0, 2) } }, data: { trope_category: 'app' } },
        { where: { id: ids[2] }, data: { trope_category: 'app' } },
      ],
    });
    expect(updated).toMatchObject({ updated_count: 3, totalCount: 3 });
    const categories = await h.db.selectFrom('tropes').select('trope_category').where('id', 'in', ids).execute();
    expect(categories.map((r) => r.trope_category)).toEqual(['app', 'app', 'app']);
    const deleted = await ok<{ deleted_count: number; totalCount: number }>(h, 'db_batch_delete', { table: 'tropes', conditions: [{ id: ids[0] }, { id: { in: ids.slice(1) } }] });
    expect(deleted).toMatchObject({ deleted_count: 3, totalCount: 3 });
    expect(await h.db.selectFrom('tropes').select('id').where('id', 'in', ids).execute()).toEqual([]);
  });

  it('is on db_list_backups', async () => {
    await ok(h, 'db_backup_table', { table: 'tropes' });
    const res = await ok<{ total_count: number; totalCount: number; count: number }>(h, 'db_list_backups');
    expect(res.total_count).toBe(1);
    expect(res.totalCount).toBe(1);
  });
});

describe('what the desktop app parses', () => {
  it('gets the JSON alone in content[0].text (no heading), the same as structuredContent', async () => {
    const calls: [string, Record<string, unknown>][] = [
      ['db_list_tables', {}],
      ['db_get_schema', { table: 'books', includeConstraints: true, includeIndexes: true }],
      ['db_query_records', { table: 'books', orderBy: 'created_at DESC', limit: 10, offset: 0 }],
      ['db_query_records', { table: 'books', where: { series_id: story.seriesId } }],
      ['db_insert_record', { table: 'tropes', data: { trope_name: 'Parsed app' }, returnRecord: true }],
      ['db_update_records', { table: 'tropes', data: { trope_category: 'p' }, where: { trope_name: 'Parsed app' }, returnRecords: true }],
      ['db_batch_insert', { table: 'tropes', records: [{ trope_name: 'Parsed app 2' }] }],
      ['db_batch_update', { table: 'tropes', updates: [{ where: { trope_name: 'Parsed app 2' }, data: { trope_category: 'q' } }] }],
      ['db_batch_delete', { table: 'tropes', conditions: [{ trope_name: 'Parsed app 2' }] }],
      ['db_delete_records', { table: 'tropes', where: { trope_name: 'Parsed app' }, softDelete: false }],
      ['db_get_relationships', {}],
      ['db_list_columns', { table: 'books' }],
      ['db_query_audit_logs', { limit: 50 }],
      ['db_get_audit_summary', {}],
      ['db_get_server_info', {}],
    ];
    for (const [tool, args] of calls) {
      const res = await h.call(tool, args);
      expect(res.isError, `${tool}: ${textOf(res)}`).toBeFalsy();
      expect(res.content, tool).toHaveLength(1);
      const first = res.content[0] as { type: string; text: string };
      expect(first.type, tool).toBe('text');
      expect(first.text.startsWith('{'), `${tool} starts with its JSON`).toBe(true);
      expect(JSON.parse(first.text), tool).toEqual(res.structuredContent);
    }
  });
});
