import { sql } from '@mcp-writing/db';
import { type ServerHarness } from '@mcp-writing/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORY_TABLES } from '../src/index.js';
import { ok, refused, startAdmin } from './helpers.js';

interface Column {
  name: string;
  type: string;
  nullable: boolean;
  default: string | null;
  isPrimaryKey: boolean;
  references?: { table: string; column: string } | null;
}

let h: ServerHarness;
beforeAll(async () => {
  h = await startAdmin();
});
afterAll(() => h?.close());

describe('db_get_schema', () => {
  it('describes columns (name, type, nullable, default, isPrimaryKey), keys and indexes from the live schema', async () => {
    const res = await ok<{
      table: string;
      columns: Column[];
      primary_key: string[];
      foreign_keys: { to_table: string; from_columns: string[]; on_delete: string }[];
      referenced_by: { from_table: string }[];
      unique_constraints: { columns: string[] }[];
      indexes: { name: string }[];
      soft_delete_supported: boolean;
      writable: boolean;
    }>(h, 'db_get_schema', { table: 'books' });
    expect(res.table).toBe('books');
    const byName = new Map(res.columns.map((c) => [c.name, c]));
    expect(byName.get('id')).toMatchObject({ type: 'integer', nullable: false, isPrimaryKey: true });
    expect(byName.get('title')).toMatchObject({ type: 'character varying', nullable: false, isPrimaryKey: false, default: null });
    expect(byName.get('status')?.default).toMatch(/planned/);
    expect(byName.get('series_id')?.references).toMatchObject({ table: 'series', column: 'id' });
    expect(res.primary_key).toEqual(['id']);
    expect(res.foreign_keys).toContainEqual(expect.objectContaining({ to_table: 'series', from_columns: ['series_id'], on_delete: 'CASCADE' }));
    expect(res.referenced_by.map((r) => r.from_table)).toContain('chapters');
    expect(res.unique_constraints.map((u) => u.columns)).toContainEqual(['series_id', 'book_number']);
    expect(res.indexes.length).toBeGreaterThan(0);
    expect(res).toMatchObject({ soft_delete_supported: false, writable: true });
  });

  it('shows array types and views', async () => {
    const chars = await ok<{ columns: Column[] }>(h, 'db_get_schema', { table: 'characters' });
    expect(chars.columns.find((c) => c.name === 'aliases')?.type).toBe('text[]');
    const view = await ok<{ type: string; writable: boolean }>(h, 'db_get_schema', { table: 'books_with_genres' });
    expect(view).toMatchObject({ type: 'view', writable: false });
  });

  it('keeps a cached schema until refresh_cache', async () => {
    await sql`ALTER TABLE tropes ADD COLUMN schema_probe integer`.execute(h.db);
    const cached = await ok<{ columns: Column[] }>(h, 'db_get_schema', { table: 'tropes' });
    expect(cached.columns.map((c) => c.name)).not.toContain('schema_probe');
    const fresh = await ok<{ columns: Column[] }>(h, 'db_get_schema', { table: 'tropes', refresh_cache: true });
    expect(fresh.columns.map((c) => c.name)).toContain('schema_probe');
  });

  it.each([
    [{ table: 'Books' }, /table/],
    [{ table: 'books; drop table x' }, /table/],
    [{ table: 'pg_authid' }, /not one of the story tables/],
    [{ table: 'audit_logs' }, /db_query_audit_logs/],
    [{ table: 'kysely_migration' }, /system table/],
    [{}, /table/],
  ])('refuses %j', async (args, message) => {
    expect(await refused(h, 'db_get_schema', args)).toMatch(message);
  });
});

describe('db_list_tables', () => {
  it('lists the story tables and views with their details, not the system tables', async () => {
    const res = await ok<{ count: number; total_in_database: number; tables: { name: string; type: string; column_count: number; size_bytes: number; size_human: string; is_whitelisted: boolean }[] }>(
      h,
      'db_list_tables',
    );
    const names = res.tables.map((t) => t.name);
    for (const table of STORY_TABLES) expect(names).toContain(table);
    expect(names).toContain('books_with_genres');
    expect(names).not.toContain('audit_logs');
    expect(names).not.toContain('kysely_migration');
    expect(res.count).toBe(res.tables.length);
    expect(res.total_in_database).toBeGreaterThanOrEqual(res.count + 3);
    const books = res.tables.find((t) => t.name === 'books');
    expect(books).toMatchObject({ type: 'table', is_whitelisted: true });
    expect(books?.column_count).toBeGreaterThan(10);
    expect(books?.size_bytes).toBeGreaterThan(0);
    expect(books?.size_human).toMatch(/kB|bytes/);
  });

  it('adds the system tables, marked not whitelisted, on request', async () => {
    const res = await ok<{ tables: { name: string; is_whitelisted: boolean }[] }>(h, 'db_list_tables', { include_system_tables: true });
    expect(res.tables.find((t) => t.name === 'audit_logs')).toMatchObject({ is_whitelisted: false });
    expect(res.tables.find((t) => t.name === 'migrations')).toMatchObject({ is_whitelisted: false });
  });

  it('filters by pattern', async () => {
    const sub = await ok<{ tables: { name: string }[] }>(h, 'db_list_tables', { pattern: 'CHAPTER' });
    expect(sub.tables.map((t) => t.name).sort()).toEqual(['chapter_plot_points', 'chapter_scenes', 'chapters', 'character_chapter_presence', 'event_chapter_mappings', 'session_chapters']);
    const glob = await ok<{ tables: { name: string }[] }>(h, 'db_list_tables', { pattern: 'npe_*' });
    expect(glob.tables.length).toBe(9);
    const none = await ok<{ tables: unknown[] }>(h, 'db_list_tables', { pattern: "'; drop table books; --" });
    expect(none.tables).toEqual([]);
  });

  it('refuses a bad flag', async () => {
    expect(await refused(h, 'db_list_tables', { include_system_tables: 'yes' })).toMatch(/include_system_tables/);
  });
});

describe('db_get_relationships', () => {
  it('lists references both ways at depth 1 and further tables at depth 2', async () => {
    const one = await ok<{ relationships: { from_table: string; to_table: string; direction: string; depth: number }[]; related_tables: { name: string; depth: number }[] }>(
      h,
      'db_get_relationships',
      { table: 'books' },
    );
    expect(one.relationships).toContainEqual(expect.objectContaining({ from_table: 'books', to_table: 'series', direction: 'references', depth: 1 }));
    expect(one.relationships).toContainEqual(expect.objectContaining({ from_table: 'chapters', to_table: 'books', direction: 'referenced_by', depth: 1 }));
    expect(one.related_tables.map((t) => t.name)).not.toContain('authors');
    const two = await ok<{ related_tables: { name: string; depth: number }[] }>(h, 'db_get_relationships', { table: 'books', depth: 2 });
    expect(two.related_tables).toContainEqual({ name: 'authors', depth: 2 });
    expect(two.related_tables).toContainEqual({ name: 'chapter_scenes', depth: 2 });
  });

  it.each([
    [{ table: 'books', depth: 4 }, /depth/],
    [{ table: 'books', depth: 0 }, /depth/],
    [{ table: 'audit_logs' }, /db_query_audit_logs/],
    [{ table: 'Books' }, /table/],
  ])('refuses %j (without a table it lists every relationship: desktop-app.test.ts)', async (args, message) => {
    expect(await refused(h, 'db_get_relationships', args)).toMatch(message);
  });
});

describe('db_list_table_columns', () => {
  it('lists names and types, with metadata on request', async () => {
    const plain = await ok<{ count: number; columns: Record<string, unknown>[] }>(h, 'db_list_table_columns', { table: 'series' });
    expect(plain.columns[0]).toEqual({ name: 'id', type: 'integer' });
    expect(plain.count).toBe(plain.columns.length);
    const meta = await ok<{ columns: Column[] }>(h, 'db_list_table_columns', { table: 'series', include_metadata: true });
    expect(meta.columns.find((c) => c.name === 'author_id')).toMatchObject({ nullable: false, isPrimaryKey: false, references: { table: 'authors', column: 'id' } });
  });

  it.each([[{ table: 'migrations' }, /system table/], [{ table: 'series', include_metadata: 1 }, /include_metadata/]])('refuses %j', async (args, message) => {
    expect(await refused(h, 'db_list_table_columns', args)).toMatch(message);
  });
});
