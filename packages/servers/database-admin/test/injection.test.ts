import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from '@mcp-writing/db';
import { type ServerHarness } from '@mcp-writing/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildStory, fingerprint, ok, refused, startAdmin, type Story } from './helpers.js';

let h: ServerHarness & { backupDir: string };
let story: Story;
let before: Awaited<ReturnType<typeof fingerprint>>;
let outside: string;
let backupFile: string;

beforeAll(async () => {
  h = await startAdmin();
  story = await buildStory(h.db, 'inj');
  await sql`CREATE TABLE x (id int)`.execute(h.db);
  backupFile = (await ok<{ backup_file: string }>(h, 'db_backup_full')).backup_file;
  // A file outside the backup directory, reachable only through links or traversal.
  const elsewhere = mkdtempSync(path.join(tmpdir(), 'mcpw-outside-'));
  outside = path.join(elsewhere, 'secret.json');
  writeFileSync(outside, JSON.stringify([{ trope_name: 'Smuggled' }]));
  symlinkSync(outside, path.join(h.backupDir, 'link-out.json'));
  symlinkSync(outside, path.join(h.backupDir, 'link-out.manifest.json'));
  symlinkSync(elsewhere, path.join(h.backupDir, 'dir-link'));
  before = await fingerprint(h.db);
});
afterAll(async () => {
  await h?.close();
  if (outside) rmSync(path.dirname(outside), { recursive: true, force: true });
});

const tableNames = [
  'books; drop table x',
  'books; DROP TABLE books; --',
  'pg_catalog.pg_authid',
  'pg_authid',
  'information_schema.tables',
  'public.books',
  '"books"',
  'BOOKS',
  'books--',
  'books x',
  'audit_logs',
  'migrations',
  'kysely_migration',
  'x',
];

const attempts: [string, Record<string, unknown>][] = [
  ...tableNames.flatMap((table): [string, Record<string, unknown>][] => [
    ['db_query_records', { table }],
    ['db_insert_record', { table, data: { id: 1 } }],
    ['db_update_records', { table, data: { id: 1 }, where: { id: 1 } }],
    ['db_delete_records', { table, where: { id: 1 } }],
    ['db_batch_insert', { table, records: [{ id: 1 }] }],
    ['db_batch_delete', { table, conditions: [{ id: 1 }] }],
    ['db_export_json', { table }],
    ['db_backup_table', { table }],
    ['db_import_json', { table, jsonFile: 'nothing.json' }],
    ['db_restore_table', { backupFile: 'nothing.jsonl', table }],
  ]),
  ...['books; drop table x', 'pg_authid', 'audit_logs', 'migrations'].flatMap((table): [string, Record<string, unknown>][] => [
    ['db_get_schema', { table }],
    ['db_get_relationships', { table }],
    ['db_list_table_columns', { table }],
  ]),
  // column names with quotes and SQL
  ['db_query_records', { table: 'books', columns: ['id", (select rolpassword from pg_authid limit 1) as "p'] }],
  ['db_query_records', { table: 'books', columns: ['*'] }],
  ['db_query_records', { table: 'books', columns: ['count(*)'] }],
  ['db_query_records', { table: 'books', order_by: [{ column: 'id; drop table books' }] }],
  ['db_query_records', { table: 'books', order_by: [{ column: '(select 1)' }] }],
  ['db_query_records', { table: 'books', where: { 'id" = "id" or "1"="1': 1 } }],
  ['db_update_records', { table: 'books', data: { 'title" = \'pwned\', "title': 'x' }, where: { id: 1 } }],
  ['db_update_records', { table: 'books', data: { title: 'pwned' }, where: { "1=1 OR title": 'x' } }],
  ['db_insert_record', { table: 'books', data: { 'title) values (\'x\'); drop table books; --': 'x' } }],
  ['db_delete_records', { table: 'books', where: { 'id" is not null --': 1 } }],
  // where values carrying SQL on typed columns, unknown operators and raw fragments
  ['db_delete_records', { table: 'books', where: { id: '1 OR 1=1' } }],
  ['db_delete_records', { table: 'books', where: { id: "1; DROP TABLE books; --" } }],
  ['db_update_records', { table: 'books', data: { status: 'x' }, where: { id: { in: ['1) OR (1=1'] } } }],
  ['db_delete_records', { table: 'books', where: { id: { $gt: 0 } } }],
  ['db_delete_records', { table: 'books', where: { id: { or: [{ gt: 0 }] } } }],
  ['db_delete_records', { table: 'books', where: { id: { raw: '1=1' } } }],
  ['db_delete_records', { table: 'books', where: { id: { gt: { raw: '0' } } } }],
  ['db_delete_records', { table: 'books', where: { id: { in: [] } } }],
  ['db_delete_records', { table: 'books', where: { id: { is_null: 'false OR 1=1' } } }],
  ['db_delete_records', { table: 'books', where: {} }],
  ['db_update_records', { table: 'books', data: { title: 'pwned' }, where: {} }],
  ['db_batch_update', { table: 'books', updates: [{ where: {}, data: { title: 'pwned' } }] }],
  ['db_delete_records', { table: 'books', where: { title: { like: { raw: "%' OR '1'='1" } } } }],
  // path traversal, absolute paths, separators, hidden names and links out of the directory
  ...['../x', '../../etc/passwd', '/etc/passwd', '..', '.', 'a/b', 'a\\b', '.hidden', '..%2F..%2Fetc%2Fpasswd', 'C:\\Windows\\win.ini', 'link-out.json', 'link-out', 'dir-link', 'nul\u0000byte'].flatMap(
    (name): [string, Record<string, unknown>][] => [
      ['db_restore_full', { backupFile: name, dropExisting: true, onConflict: 'overwrite' }],
      ['db_restore_table', { backupFile: name, table: 'tropes' }],
      ['db_validate_backup', { backupFile: name }],
      ['db_delete_backup', { backupFile: name }],
      ['db_import_json', { table: 'tropes', jsonFile: name }],
      ['db_import_csv', { table: 'tropes', csvFile: name }],
      ['db_backup_incremental', { baseBackup: name }],
    ],
  ),
];

describe('injection suite', () => {
  it.each(attempts)('%s refuses %j', async (tool, args) => {
    const message = await refused(h, tool, args);
    expect(message).not.toMatch(/rolpassword|pg_authid.*password/i);
  });

  it('left every story table exactly as it was, and the decoy table x in place', async () => {
    expect(await fingerprint(h.db)).toEqual(before);
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public' AND table_name IN ('x', 'books')`.execute(h.db);
    expect(rows[0]?.n).toBe(2);
  });

  it('never touched the files outside the backup directory', () => {
    expect(existsSync(outside)).toBe(true);
    expect(JSON.parse(readFileSync(outside, 'utf8'))).toEqual([{ trope_name: 'Smuggled' }]);
  });

  it('treats SQL inside text values as plain text: it matches nothing and changes nothing', async () => {
    const res = await ok<{ updated_count: number }>(h, 'db_update_records', {
      table: 'books',
      data: { description: 'pwned' },
      where: { title: "x' OR '1'='1" },
    });
    expect(res.updated_count).toBe(0);
    const del = await ok<{ deleted_count: number }>(h, 'db_delete_records', { table: 'books', where: { title: { like: "%' OR '1'='1" } } });
    expect(del.deleted_count).toBe(0);
    const none = await ok<{ updated_count: number }>(h, 'db_update_records', { table: 'books', data: { title: 'pwned' }, where: { id: null } });
    expect(none.updated_count).toBe(0);
    const q = await ok<{ records: unknown[] }>(h, 'db_query_records', { table: 'books', where: { title: { ilike: "%'; DROP TABLE books; --" } } });
    expect(q.records).toEqual([]);
    expect(await fingerprint(h.db)).toEqual(before);
  });

  it('stores SQL-looking text verbatim as data', async () => {
    const text = "Robert'); DROP TABLE books; --";
    const res = await ok<{ record: { id: number; trope_name: string } }>(h, 'db_insert_record', { table: 'tropes', data: { trope_name: text } });
    expect(res.record.trope_name).toBe(text);
    const row = await h.db.selectFrom('tropes').select('trope_name').where('id', '=', res.record.id).executeTakeFirstOrThrow();
    expect(row.trope_name).toBe(text);
    await h.db.deleteFrom('tropes').where('id', '=', res.record.id).execute();
    expect(await fingerprint(h.db)).toEqual(before);
  });

  it('still works normally after the attempts', async () => {
    const res = await ok<{ total_count: number }>(h, 'db_query_records', { table: 'books', where: { series_id: story.seriesId } });
    expect(res.total_count).toBe(2);
    const valid = await ok<{ valid: boolean }>(h, 'db_validate_backup', { backupFile });
    expect(valid.valid).toBe(true);
  });
});
