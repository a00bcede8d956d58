import { sql } from '@mcp-writing/db';
import { type ServerHarness } from '@mcp-writing/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRows, buildStory, ok, refused, startAdmin, type Story } from './helpers.js';

interface AuditRecord {
  id: number;
  operation: string;
  table_name: string;
  success: boolean;
  record_id: string | null;
  error_message: string | null;
}

let h: ServerHarness;
let story: Story;
beforeAll(async () => {
  h = await startAdmin({ auditReads: false });
  story = await buildStory(h.db, 'aud');
  // A known history: two creates, one update, one failed delete.
  await ok(h, 'db_insert_record', { table: 'tropes', data: { trope_name: 'Audit one' } });
  await ok(h, 'db_insert_record', { table: 'tropes', data: { trope_name: 'Audit two' } });
  await ok(h, 'db_update_records', { table: 'tropes', data: { trope_category: 'x' }, where: { trope_name: 'Audit one' } });
  await refused(h, 'db_delete_records', { table: 'authors', where: { id: story.authorId } });
});
afterAll(() => h?.close());

describe('db_query_audit_logs', () => {
  it('returns the entries newest first with count and total_count', async () => {
    const res = await ok<{ records: AuditRecord[]; count: number; total_count: number }>(h, 'db_query_audit_logs');
    expect(res.total_count).toBe(4);
    expect(res.records.map((r) => [r.operation, r.table_name, r.success])).toEqual([
      ['DELETE', 'authors', false],
      ['UPDATE', 'tropes', true],
      ['CREATE', 'tropes', true],
      ['CREATE', 'tropes', true],
    ]);
  });

  it.each([
    [{ table: 'tropes' }, 3],
    [{ operation: 'CREATE' }, 2],
    [{ success: false }, 1],
    [{ table: 'tropes', operation: 'UPDATE', success: true }, 1],
    [{ start_date: '2000-01-01', end_date: '2999-12-31' }, 4],
    [{ end_date: '2000-01-01' }, 0],
    [{ start_date: '2999-01-01T00:00:00Z' }, 0],
    [{ user_id: 'someone' }, 0],
  ])('filters by %j', async (filter, expected) => {
    const res = await ok<{ total_count: number; records: AuditRecord[] }>(h, 'db_query_audit_logs', filter);
    expect(res.total_count).toBe(expected);
    expect(res.records).toHaveLength(expected);
  });

  it('includes the whole day when end_date is a plain date', async () => {
    const { rows } = await sql<{ today: string }>`SELECT current_date::text AS today`.execute(h.db);
    const today = rows[0]?.today as string;
    const res = await ok<{ total_count: number }>(h, 'db_query_audit_logs', { start_date: today, end_date: today });
    expect(res.total_count).toBe(4);
  });

  it('pages', async () => {
    const page = await ok<{ records: AuditRecord[]; count: number; total_count: number }>(h, 'db_query_audit_logs', { limit: 1, offset: 1 });
    expect(page).toMatchObject({ count: 1, total_count: 4 });
    expect(page.records[0]?.operation).toBe('UPDATE');
  });

  it.each([
    [{ limit: 0 }, /limit/],
    [{ limit: 1001 }, /limit/],
    [{ limit: 1.5 }, /limit/],
    [{ offset: -1 }, /offset/],
    [{ operation: 'DROP' }, /operation/],
    [{ start_date: 'yesterday-ish' }, /start_date/],
    [{ end_date: '2025-13-45' }, /end_date/],
  ])('refuses %j', async (args, message) => {
    expect(await refused(h, 'db_query_audit_logs', args)).toMatch(message);
  });
});

describe('db_get_audit_summary', () => {
  it('summarises totals, operations, tables and recent failures', async () => {
    const res = await ok<{
      total: number;
      succeeded: number;
      failed: number;
      success_rate: number;
      by_operation: { operation: string; total: number; failed: number }[];
      by_table: { table_name: string; total: number }[];
      recent_failures: { table_name: string; error_message: string }[];
    }>(h, 'db_get_audit_summary');
    expect(res).toMatchObject({ total: 4, succeeded: 3, failed: 1, success_rate: 75 });
    expect(res.by_operation).toEqual([
      { operation: 'CREATE', total: 2, failed: 0 },
      { operation: 'DELETE', total: 1, failed: 1 },
      { operation: 'UPDATE', total: 1, failed: 0 },
    ]);
    expect(res.by_table.map((t) => [t.table_name, t.total])).toEqual([
      ['tropes', 3],
      ['authors', 1],
    ]);
    expect(res.recent_failures[0]?.error_message).toMatch(/still referenced/);
  });

  it('narrows to a table and a period', async () => {
    const res = await ok<{ total: number; failed: number }>(h, 'db_get_audit_summary', { table: 'authors', start_date: '2000-01-01' });
    expect(res).toMatchObject({ total: 1, failed: 1 });
    const empty = await ok<{ total: number; success_rate: number | null }>(h, 'db_get_audit_summary', { end_date: '2000-01-01' });
    expect(empty).toMatchObject({ total: 0, success_rate: null });
  });

  it('refuses a bad date', async () => {
    expect(await refused(h, 'db_get_audit_summary', { start_date: 'soon' })).toMatch(/start_date/);
  });
});

describe('read auditing', () => {
  it('records nothing for reads by default', async () => {
    await ok(h, 'db_query_records', { table: 'books' });
    expect(await auditRows(h.db, { operation: 'READ' })).toEqual([]);
  });

  it('records a READ row per query when auditReads is on', async () => {
    const reader = await startAdmin({ auditReads: true });
    try {
      await ok(reader, 'db_query_records', { table: 'books', where: { id: 1 } });
      await refused(reader, 'db_query_records', { table: 'books', where: { nope: 1 } });
      const reads = await auditRows(reader.db, { operation: 'READ' });
      expect(reads.map((r) => [r.table_name, r.success])).toEqual([
        ['books', true],
        ['books', false],
      ]);
      expect(reads[0]?.changes).toMatchObject({ where: { id: 1 }, count: 0 });
      expect(reads[1]?.error_message).toMatch(/unknown column "nope"/);
    } finally {
      await reader.close();
    }
  });
});
