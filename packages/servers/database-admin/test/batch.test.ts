import { type ServerHarness } from '@mcp-writing/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditRows, buildStory, fingerprint, ok, refused, startAdmin, type Story } from './helpers.js';

let h: ServerHarness;
let story: Story;
beforeAll(async () => {
  h = await startAdmin();
  story = await buildStory(h.db, 'batch');
});
afterAll(() => h?.close());

describe('db_batch_insert', () => {
  it('inserts every record in one transaction and audits one BATCH_INSERT with the ids', async () => {
    const res = await ok<{ inserted_count: number; records: { id: number; event_name: string }[] }>(h, 'db_batch_insert', {
      table: 'timeline_events',
      records: [
        { series_id: story.seriesId, event_name: 'Batch A', sort_order: 1 },
        { series_id: story.seriesId, event_name: 'Batch B', is_public_knowledge: false },
        { series_id: story.seriesId, event_name: 'Batch C', book_id: story.bookIds[1] },
      ],
    });
    expect(res.inserted_count).toBe(3);
    const ids = res.records.map((r) => r.id);
    const rows = await h.db.selectFrom('timeline_events').selectAll().where('id', 'in', ids).orderBy('id').execute();
    expect(rows.map((r) => [r.event_name, r.is_public_knowledge])).toEqual([
      ['Batch A', true],
      ['Batch B', false],
      ['Batch C', true],
    ]);
    const audit = (await auditRows(h.db, { operation: 'BATCH_INSERT', table: 'timeline_events' })).at(-1);
    expect(audit).toMatchObject({ success: true, record_id: ids.join(',') });
    expect(audit?.changes).toMatchObject({ count: 3, ids });
  });

  it('rolls the whole batch back when one record fails: nothing kept, no success audit row, one failure row', async () => {
    const before = await fingerprint(h.db);
    const auditBefore = await auditRows(h.db, { table: 'timeline_events' });
    const message = await refused(h, 'db_batch_insert', {
      table: 'timeline_events',
      records: [
        { series_id: story.seriesId, event_name: 'Rollback A' },
        { series_id: story.seriesId, event_name: 'Rollback B' },
        { series_id: 999_999, event_name: 'Rollback C' },
      ],
    });
    expect(message).toMatch(/record 3 failed, so the whole batch was rolled back/);
    expect(message).toMatch(/series_id 999999 does not exist/);
    expect(await fingerprint(h.db)).toEqual(before);
    const added = (await auditRows(h.db, { table: 'timeline_events' })).slice(auditBefore.length);
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({ operation: 'BATCH_INSERT', success: false });
    expect(added[0]?.error_message).toMatch(/record 3 failed/);
  });

  it('checks every record before writing anything', async () => {
    const before = await fingerprint(h.db);
    const message = await refused(h, 'db_batch_insert', {
      table: 'timeline_events',
      records: [{ series_id: story.seriesId, event_name: 'Fine' }, { series_id: story.seriesId, nope: 1 }],
    });
    expect(message).toMatch(/record 2: .*unknown column "nope"/);
    expect(await fingerprint(h.db)).toEqual(before);
  });

  it.each([
    [{ table: 'timeline_events', records: [] }, /records/],
    [{ table: 'timeline_events', records: ['x'] }, /records/],
    [{ table: 'timeline_events' }, /records/],
    [{ table: 'audit_logs', records: [{ operation: 'READ' }] }, /audit_logs cannot be written/],
  ])('refuses %j', async (args, message) => {
    expect(await refused(h, 'db_batch_insert', args)).toMatch(message);
  });
});

describe('db_batch_update', () => {
  it('applies every update in order and returns per-update ids (and records when asked)', async () => {
    const res = await ok<{ updated_count: number; results: { index: number; updated_count: number; ids: number[]; records?: { title: string }[] }[] }>(
      h,
      'db_batch_update',
      {
        table: 'books',
        updates: [
          { where: { id: story.bookIds[0] }, data: { description: 'First' } },
          { where: { series_id: story.seriesId, book_number: 2 }, data: { description: 'Second', status: 'revising' } },
        ],
        return_records: true,
      },
    );
    expect(res.updated_count).toBe(2);
    expect(res.results.map((r) => r.ids)).toEqual([[story.bookIds[0]], [story.bookIds[1]]]);
    expect(res.results[1]?.records?.[0]).toMatchObject({ title: 'Book Two batch' });
    const rows = await h.db.selectFrom('books').select(['description', 'status']).where('id', 'in', story.bookIds).orderBy('id').execute();
    expect(rows).toEqual([
      { description: 'First', status: 'published' },
      { description: 'Second', status: 'revising' },
    ]);
    const audit = (await auditRows(h.db, { operation: 'BATCH_UPDATE', table: 'books' })).at(-1);
    expect(audit).toMatchObject({ success: true });
  });

  it('rolls back the first update when a later one fails', async () => {
    const before = await fingerprint(h.db);
    const message = await refused(h, 'db_batch_update', {
      table: 'books',
      updates: [
        { where: { id: story.bookIds[0] }, data: { description: 'Should not stay' } },
        { where: { id: story.bookIds[1] }, data: { title: null } },
      ],
    });
    expect(message).toMatch(/update 2 failed, so the whole batch was rolled back.*title is required/);
    expect(await fingerprint(h.db)).toEqual(before);
    const failure = (await auditRows(h.db, { operation: 'BATCH_UPDATE', table: 'books' })).at(-1);
    expect(failure).toMatchObject({ success: false });
  });

  it.each([
    [{ table: 'books', updates: [{ where: {}, data: { title: 'x' } }] }, /update 1: .*at least one column condition/],
    [{ table: 'books', updates: [{ where: { id: 1 } }] }, /data/],
    [{ table: 'books', updates: [{ where: { id: 1 }, data: {} }] }, /update 1: data must name at least one column/],
    [{ table: 'books', updates: [] }, /updates/],
  ])('refuses %j', async (args, message) => {
    expect(await refused(h, 'db_batch_update', args)).toMatch(message);
  });
});

describe('db_batch_delete', () => {
  it('deletes the rows of every condition and audits one BATCH_DELETE', async () => {
    const tropes = await h.db.insertInto('tropes').values([{ trope_name: 'Del 1' }, { trope_name: 'Del 2' }, { trope_name: 'Keep' }]).returning('id').execute();
    const res = await ok<{ deleted_count: number; results: { deleted_count: number }[] }>(h, 'db_batch_delete', {
      table: 'tropes',
      conditions: [{ id: tropes[0]?.id }, { trope_name: { like: 'Del 2' } }],
    });
    expect(res.deleted_count).toBe(2);
    expect(res.results.map((r) => r.deleted_count)).toEqual([1, 1]);
    const left = await h.db.selectFrom('tropes').select('trope_name').where('id', 'in', tropes.map((t) => t.id)).execute();
    expect(left).toEqual([{ trope_name: 'Keep' }]);
    expect((await auditRows(h.db, { operation: 'BATCH_DELETE', table: 'tropes' })).at(-1)).toMatchObject({ success: true });
  });

  it('rolls back every deletion when one condition fails', async () => {
    const before = await fingerprint(h.db);
    const message = await refused(h, 'db_batch_delete', {
      table: 'authors',
      conditions: [{ name: 'nobody at all' }, { id: story.authorId }],
    });
    expect(message).toMatch(/condition 2 failed.*still referenced/);
    expect(await fingerprint(h.db)).toEqual(before);
  });

  it.each([
    [{ table: 'books', conditions: [{}] }, /condition 1: .*at least one column condition/],
    [{ table: 'books', conditions: [{ id: story?.bookIds?.[0] ?? 1 }], soft_delete: true }, /Soft delete is not available for books/],
    [{ table: 'books', conditions: [] }, /conditions/],
  ])('refuses %j and deletes nothing', async (args, message) => {
    const before = await fingerprint(h.db);
    expect(await refused(h, 'db_batch_delete', args)).toMatch(message);
    expect(await fingerprint(h.db)).toEqual(before);
  });
});
