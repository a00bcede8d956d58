import { sql } from '@mcp-writing/db';
import { type ServerHarness } from '@mcp-writing/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRows, buildStory, ok, refused, startAdmin, type Query, type Story } from './helpers.js';

let h: ServerHarness;
let story: Story;
beforeAll(async () => {
  h = await startAdmin();
  story = await buildStory(h.db, 'rec');
});
afterAll(() => h?.close());

describe('db_query_records', () => {
  it('returns records, count and total_count, values exactly as stored', async () => {
    const res = await ok<Query>(h, 'db_query_records', { table: 'books', where: { series_id: story.seriesId } });
    expect(res.table).toBe('books');
    expect(res.count).toBe(2);
    expect(res.total_count).toBe(2);
    expect(res.totalCount).toBe(2);
    expect(res.records.map((r) => r.title)).toEqual(['Book One rec', 'Book Two rec']);
    const { rows } = await sql<{ t: string }>`SELECT created_at::text AS t FROM books WHERE id = ${story.bookIds[0]}`.execute(h.db);
    expect(String(res.records[0]?.created_at).replace('T', ' ')).toBe(rows[0]?.t);
  });

  it('returns only the columns asked for, sorted and paged', async () => {
    const all = await ok<Query>(h, 'db_query_records', {
      table: 'characters',
      columns: ['id', 'name'],
      where: { series_id: story.seriesId },
      order_by: [{ column: 'name', direction: 'DESC' }],
    });
    expect(all.records.map((r) => r.name)).toEqual(['Orin rec', 'Mara rec', 'Kest rec']);
    expect(Object.keys(all.records[0] ?? {})).toEqual(['id', 'name']);
    const page = await ok<Query>(h, 'db_query_records', {
      table: 'characters',
      columns: ['name'],
      where: { series_id: story.seriesId },
      order_by: [{ column: 'name', direction: 'DESC' }],
      limit: 1,
      offset: 1,
    });
    expect(page.records).toEqual([{ name: 'Mara rec' }]);
    expect(page.count).toBe(1);
    expect(page.total_count).toBe(3);
  });

  it.each([
    [{ name: { in: ['Mara rec', 'Orin rec'] } }, ['Mara rec', 'Orin rec']],
    [{ name: { not_in: ['Mara rec'] } }, ['Kest rec', 'Orin rec']],
    [{ name: { like: 'K%' } }, ['Kest rec']],
    [{ name: { ilike: '%ORIN%' } }, ['Orin rec']],
    [{ full_name: null }, ['Kest rec', 'Orin rec']],
    [{ full_name: { is_null: false } }, ['Mara rec']],
    [{ character_type: { ne: 'main' } }, ['Kest rec', 'Orin rec']],
    [{ id: { gt: 0, lte: 2_000_000 }, name: 'Kest rec' }, ['Kest rec']],
    [{ created_at: { gte: '2000-01-01' } }, ['Mara rec', 'Kest rec', 'Orin rec']],
    [{ first_appearance_book_id: { eq: null } }, []],
  ])('filters with the where grammar %j', async (where, names) => {
    const res = await ok<Query>(h, 'db_query_records', { table: 'characters', where: { series_id: story.seriesId, ...where } });
    expect(res.records.map((r) => r.name)).toEqual(names);
  });

  it('reads views', async () => {
    const res = await ok<Query>(h, 'db_query_records', { table: 'books_with_genres', where: { id: story.bookIds[0] } });
    expect(res.count).toBe(1);
  });

  it('returns arrays and jsonb as JSON', async () => {
    const res = await ok<Query>(h, 'db_query_records', { table: 'world_systems', where: { series_id: story.seriesId } });
    expect(res.records[0]?.power_scaling).toEqual({ levels: [1, 2, 3], note: 'moon-bound' });
    expect(res.records[0]?.system_users).toEqual([story.characterIds[0]]);
  });

  it.each([
    [{ table: 'books', limit: 1001 }, /limit/],
    [{ table: 'books', limit: 0 }, /limit/],
    [{ table: 'books', offset: -1 }, /offset/],
    [{ table: 'books', columns: ['nope'] }, /unknown column "nope" in books/],
    [{ table: 'books', order_by: [{ column: 'nope' }] }, /order_by: unknown column "nope"/],
    [{ table: 'books', order_by: [{ column: 'id', direction: 'sideways' }] }, /direction/],
    [{ table: 'books', where: { nope: 1 } }, /unknown column "nope"/],
    [{ table: 'books', where: { id: [1, 2] } }, /use \{"in"/],
    [{ table: 'books', where: { id: { between: [1, 2] } } }, /unknown operator "between"/],
    [{ table: 'books', where: { id: { in: [] } } }, /list of 1 to 1000/],
    [{ table: 'books', where: { title: { like: 5 } } }, /pattern must be a string/],
    [{ table: 'books', where: { id: 'abc' } }, /wrong format|does not match the type/],
    [{ table: 'nope' }, /not one of the story tables/],
    [{ table: 'audit_logs' }, /db_query_audit_logs/],
    [{}, /table/],
  ])('refuses %j with a message naming the problem', async (args, message) => {
    expect(await refused(h, 'db_query_records', args)).toMatch(message);
  });
});

describe('db_insert_record', () => {
  it('inserts the row, returns it, and records a CREATE audit row in the same transaction', async () => {
    const res = await ok<{ record: Record<string, unknown> }>(h, 'db_insert_record', {
      table: 'characters',
      data: { series_id: story.seriesId, name: 'Inserted', aliases: ['A', 'B'], character_type: 'minor' },
    });
    const id = res.record.id as number;
    expect(res.record).toMatchObject({ name: 'Inserted', aliases: ['A', 'B'], status: 'alive' });
    expect(res.record.updated_at).toBeTruthy();
    const row = await h.db.selectFrom('characters').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ name: 'Inserted', aliases: ['A', 'B'], character_type: 'minor' });
    const audit = (await auditRows(h.db, { table: 'characters', operation: 'CREATE' })).filter((a) => a.record_id === String(id));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ success: true, error_message: null });
    expect(audit[0]?.changes).toMatchObject({ data: { name: 'Inserted' } });
    expect(audit[0]?.execution_time_ms).toBeGreaterThanOrEqual(0);
  });

  it('stores jsonb objects, dates and numerics as given', async () => {
    const res = await ok<{ record: Record<string, unknown> }>(h, 'db_insert_record', {
      table: 'writing_goals',
      data: { book_id: story.bookIds[0], goal_type: 'pages', target_value: 300, target_date: '2026-02-28', completion_percentage: 45.5 },
    });
    const { rows } = await sql<{ d: string; p: string }>`SELECT target_date::text AS d, completion_percentage::text AS p FROM writing_goals WHERE id = ${res.record.id as number}`.execute(h.db);
    expect(rows[0]).toEqual({ d: '2026-02-28', p: '45.5' });
  });

  it('moves the id sequence past an explicit id', async () => {
    await ok(h, 'db_insert_record', { table: 'genres', data: { id: 5000, genre_name: 'Explicit id genre' } });
    const next = await ok<{ record: { id: number } }>(h, 'db_insert_record', { table: 'genres', data: { genre_name: 'Next genre' } });
    expect(next.record.id).toBeGreaterThan(5000);
  });

  it('reports a missing reference plainly, stores nothing, and audits the failure after the rollback', async () => {
    const before = await auditRows(h.db, { table: 'books' });
    const message = await refused(h, 'db_insert_record', { table: 'books', data: { series_id: 999_999, title: 'Orphan' } });
    expect(message).toMatch(/series_id 999999 does not exist/);
    expect(await h.db.selectFrom('books').select('id').where('title', '=', 'Orphan').execute()).toEqual([]);
    const after = await auditRows(h.db, { table: 'books' });
    const added = after.slice(before.length);
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({ operation: 'CREATE', success: false, record_id: null });
    expect(added[0]?.error_message).toMatch(/series_id 999999 does not exist/);
    expect(added[0]?.changes).toMatchObject({ data: { title: 'Orphan' } });
  });

  it.each([
    [{ table: 'books', data: {} }, /at least one column/],
    [{ table: 'books', data: { series_id: 1, title: 'x', nope: 1 } }, /unknown column "nope" in books/],
    [{ table: 'books', data: { series_id: 'one', title: 'x' } }, /wrong format|does not match/],
    [{ table: 'books', data: { series_id: 1 } }, /title is required/],
    [{ table: 'books_with_genres', data: { title: 'x' } }, /read-only view/],
    [{ table: 'audit_logs', data: { operation: 'CREATE' } }, /audit_logs cannot be written/],
    [{ table: 'migrations', data: { filename: 'x' } }, /system table/],
    [{ table: 'books' }, /data/],
    [{ table: 'books', data: 'title=x' }, /data/],
  ])('refuses %j', async (args, message) => {
    expect(await refused(h, 'db_insert_record', args)).toMatch(message);
  });
});

describe('db_update_records', () => {
  it('updates the matching rows, bumps updated_at and audits UPDATE with the ids', async () => {
    const before = await h.db.selectFrom('chapters').select(['id', 'updated_at']).where('id', '=', story.chapterIds[0] as number).executeTakeFirstOrThrow();
    const res = await ok<{ updated_count: number; records: Record<string, unknown>[] }>(h, 'db_update_records', {
      table: 'chapters',
      data: { summary: 'Updated summary', status: 'drafted' },
      where: { id: { in: [story.chapterIds[0], story.chapterIds[1]] } },
    });
    expect(res.updated_count).toBe(2);
    expect(res.records.map((r) => r.summary)).toEqual(['Updated summary', 'Updated summary']);
    const rows = await h.db.selectFrom('chapters').selectAll().where('id', 'in', story.chapterIds.slice(0, 2)).orderBy('id').execute();
    expect(rows.map((r) => r.status)).toEqual(['drafted', 'drafted']);
    expect(rows[0]?.updated_at?.getTime()).toBeGreaterThanOrEqual(before.updated_at?.getTime() ?? 0);
    const audit = (await auditRows(h.db, { table: 'chapters', operation: 'UPDATE' })).at(-1);
    expect(audit).toMatchObject({ success: true, record_id: `${story.chapterIds[0]},${story.chapterIds[1]}` });
    expect(audit?.changes).toMatchObject({ ids: story.chapterIds.slice(0, 2), data: { status: 'drafted' } });
  });

  it('updates nothing when nothing matches', async () => {
    const res = await ok<{ updated_count: number }>(h, 'db_update_records', { table: 'chapters', data: { summary: 'x' }, where: { id: 999_999 } });
    expect(res.updated_count).toBe(0);
  });

  it.each([
    [{ table: 'chapters', data: { summary: 'x' }, where: {} }, /at least one column condition/],
    [{ table: 'chapters', data: { summary: 'x' } }, /where/],
    [{ table: 'chapters', data: {}, where: { id: 1 } }, /at least one column/],
    [{ table: 'chapters', data: { nope: 'x' }, where: { id: 1 } }, /unknown column "nope"/],
    [{ table: 'chapters', data: { chapter_number: null }, where: { id: 1 } }, /chapter_number is required/],
  ])('refuses %j and changes nothing', async (args, message) => {
    const before = await h.db.selectFrom('chapters').selectAll().orderBy('id').execute();
    expect(await refused(h, 'db_update_records', args)).toMatch(message);
    expect(await h.db.selectFrom('chapters').selectAll().orderBy('id').execute()).toEqual(before);
  });
});

describe('db_delete_records', () => {
  it('deletes the matching rows and audits DELETE', async () => {
    const extra = await h.db.insertInto('tropes').values([{ trope_name: 'Doomed A' }, { trope_name: 'Doomed B' }]).returning('id').execute();
    const ids = extra.map((t) => t.id);
    const res = await ok<{ deleted_count: number; ids: number[] }>(h, 'db_delete_records', { table: 'tropes', where: { id: { in: ids } } });
    expect(res.deleted_count).toBe(2);
    expect(res.ids.sort()).toEqual([...ids].sort());
    expect(await h.db.selectFrom('tropes').select('id').where('id', 'in', ids).execute()).toEqual([]);
    const audit = (await auditRows(h.db, { table: 'tropes', operation: 'DELETE' })).at(-1);
    expect(audit).toMatchObject({ success: true });
  });

  it('refuses soft delete on story tables (no deleted_at) and deletes nothing', async () => {
    const message = await refused(h, 'db_delete_records', { table: 'books', where: { id: story.bookIds[1] }, soft_delete: true });
    expect(message).toMatch(/Soft delete is not available for books: the table has no deleted_at column/);
    expect(await h.db.selectFrom('books').select('id').where('id', '=', story.bookIds[1]).execute()).toHaveLength(1);
  });

  it('soft deletes by setting deleted_at where the table has that column', async () => {
    // Test database only: give one table a deleted_at column, then refresh the schema cache.
    await sql`ALTER TABLE tropes ADD COLUMN deleted_at timestamp`.execute(h.db);
    await ok(h, 'db_get_schema', { table: 'tropes', refresh_cache: true });
    const trope = await h.db.insertInto('tropes').values({ trope_name: 'Soft' }).returning('id').executeTakeFirstOrThrow();
    const res = await ok<{ deleted_count: number; soft_delete: boolean }>(h, 'db_delete_records', { table: 'tropes', where: { id: trope.id }, soft_delete: true });
    expect(res).toMatchObject({ deleted_count: 1, soft_delete: true });
    const { rows } = await sql<{ deleted_at: Date | null }>`SELECT deleted_at FROM tropes WHERE id = ${trope.id}`.execute(h.db);
    expect(rows[0]?.deleted_at).toBeInstanceOf(Date);
    const again = await ok<{ deleted_count: number }>(h, 'db_delete_records', { table: 'tropes', where: { id: trope.id }, soft_delete: true });
    expect(again.deleted_count).toBe(0);
  });

  it('refuses to delete a row others still reference, and keeps it', async () => {
    const message = await refused(h, 'db_delete_records', { table: 'authors', where: { id: story.authorId } });
    expect(message).toMatch(/still referenced/);
    expect(await h.db.selectFrom('authors').select('id').where('id', '=', story.authorId).execute()).toHaveLength(1);
    const failure = (await auditRows(h.db, { table: 'authors', operation: 'DELETE' })).at(-1);
    expect(failure).toMatchObject({ success: false });
    expect(failure?.error_message).toMatch(/still referenced/);
  });

  it.each([
    [{ table: 'books', where: {} }, /at least one column condition/],
    [{ table: 'books' }, /where/],
    [{ table: 'books', where: { id: { is_null: 'yes' } } }, /true or false/],
    [{ table: 'books', where: { id: 1 }, soft_delete: 'yes' }, /soft_delete/],
  ])('refuses %j', async (args, message) => {
    expect(await refused(h, 'db_delete_records', args)).toMatch(message);
  });
});
