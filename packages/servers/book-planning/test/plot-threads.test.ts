import { jsonOf, startServer, textOf, type ServerHarness } from '@mcp-writing/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBookPlanningServer } from '../src/index.js';
import { expectPlainMessage, makeCharacter, makeSeries, rowCount } from './fixtures.js';

interface ThreadJson {
  id: number;
  series_id: number;
  title: string;
  description: string;
  thread_type: string;
  thread_type_id: number;
  current_status: string;
  importance_level: number;
  complexity_level: number;
  start_book: number | null;
  end_book: number | null;
  related_characters: number[] | null;
  parent_thread_id: number | null;
  parent_thread_title: string | null;
  resolution_notes: string | null;
  resolution_book: number | null;
  updated_at: string;
}

let h: ServerHarness;
let seriesId: number;
let otherSeriesId: number;
beforeAll(async () => {
  h = await startServer('book-planning', createBookPlanningServer);
  seriesId = (await makeSeries(h.db, 'Thread Series')).id;
  otherSeriesId = (await makeSeries(h.db, 'Other Threads')).id;
});
afterAll(() => h?.close());

async function ok<T>(tool: string, args: Record<string, unknown>): Promise<T> {
  const res = await h.call(tool, args);
  expect(res.isError, textOf(res)).toBeFalsy();
  return jsonOf<T>(res);
}

async function fails(tool: string, args: Record<string, unknown>, message: RegExp): Promise<void> {
  const res = await h.call(tool, args);
  expect(res.isError, textOf(res)).toBe(true);
  expect(textOf(res)).toMatch(message);
  expectPlainMessage(textOf(res));
}

async function createThread(args: Record<string, unknown>): Promise<ThreadJson> {
  return (await ok<{ plot_thread: ThreadJson }>('create_plot_thread', { series_id: seriesId, description: 'D', thread_type: 'subplot', ...args })).plot_thread;
}

describe('create_plot_thread', () => {
  it('stores the thread with its type, status, characters and parent', async () => {
    const mara = await makeCharacter(h.db, seriesId, 'Mara');
    const tobin = await makeCharacter(h.db, seriesId, 'Tobin');
    const parent = await createThread({ title: 'The Drowned King', thread_type: 'series_arc' });
    const thread = await createThread({
      title: 'Who lit the lamp?',
      description: 'Someone signals the smugglers.',
      thread_type: 'Mystery_Element',
      importance_level: 8,
      complexity_level: 6,
      start_book: 1,
      end_book: 2,
      related_characters: [mara.id, tobin.id, mara.id],
      parent_thread_id: parent.id,
    });
    expect(thread).toMatchObject({
      series_id: seriesId,
      title: 'Who lit the lamp?',
      thread_type: 'mystery_element',
      current_status: 'active',
      importance_level: 8,
      complexity_level: 6,
      start_book: 1,
      end_book: 2,
      related_characters: [mara.id, tobin.id],
      parent_thread_id: parent.id,
      parent_thread_title: 'The Drowned King',
    });
    const row = await h.db.selectFrom('plot_threads').selectAll().where('id', '=', thread.id).executeTakeFirstOrThrow();
    const type = await h.db.selectFrom('plot_thread_types').select('id').where('type_name', '=', 'mystery_element').executeTakeFirstOrThrow();
    const active = await h.db.selectFrom('plot_thread_statuses').select('id').where('status_name', '=', 'active').executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      description: 'Someone signals the smugglers.',
      thread_type_id: type.id,
      current_status_id: active.id,
      related_characters: [mara.id, tobin.id],
      parent_thread_id: parent.id,
    });
  });

  it('defaults importance and complexity to 5', async () => {
    const thread = await createThread({ title: 'Defaults' });
    expect(thread).toMatchObject({ importance_level: 5, complexity_level: 5, start_book: null, related_characters: null });
  });

  it('refuses an unknown thread type, listing the valid types', async () => {
    const before = await rowCount(h.db, 'plot_threads');
    await fails('create_plot_thread', { series_id: seriesId, title: 'T', description: 'D', thread_type: 'side_quest' }, /thread_type "side_quest".*Valid values: series_arc, mini_arc/);
    expect(await rowCount(h.db, 'plot_threads')).toBe(before);
  });

  it('refuses characters and parents of another series, and unknown ones', async () => {
    const stranger = await makeCharacter(h.db, otherSeriesId, 'Stranger');
    const foreignThread = await h.db.insertInto('plot_threads').values({ series_id: otherSeriesId, title: 'Foreign' }).returning('id').executeTakeFirstOrThrow();
    const base = { series_id: seriesId, title: 'T', description: 'D', thread_type: 'subplot' };
    await fails('create_plot_thread', { ...base, related_characters: [stranger.id] }, new RegExp(`related_characters: character ${stranger.id} belongs to series ${otherSeriesId}`));
    await fails('create_plot_thread', { ...base, related_characters: [747_474] }, /character 747474 not found \(related_characters\)/);
    await fails('create_plot_thread', { ...base, parent_thread_id: foreignThread.id }, /parent_thread_id: plot thread .* belongs to series/);
    await fails('create_plot_thread', { ...base, parent_thread_id: 858_585 }, /plot thread 858585 not found/);
    await fails('create_plot_thread', { ...base, series_id: 969_696 }, /series 969696 not found/);
  });

  it('refuses an end book before the start book', async () => {
    await fails('create_plot_thread', { series_id: seriesId, title: 'T', description: 'D', thread_type: 'subplot', start_book: 3, end_book: 2 }, /end_book \(2\) must not be before start_book \(3\)/);
  });

  it.each([
    [{ series_id: 1, title: 'T', thread_type: 'subplot' }, /description/],
    [{ series_id: 1, title: 'T', description: 'D' }, /thread_type/],
    [{ series_id: 1, description: 'D', thread_type: 'subplot' }, /title/],
    [{ series_id: 1, title: 'T', description: 'D', thread_type: 'subplot', importance_level: 11 }, /importance_level/],
    [{ series_id: 1, title: 'T', description: 'D', thread_type: 'subplot', complexity_level: 0 }, /complexity_level/],
    [{ series_id: 1, title: 'T', description: 'D', thread_type: 'subplot', related_characters: [1, 'x'] }, /related_characters/],
    [{ series_id: 1, title: 'T', description: 'D', thread_type: 'subplot', start_book: 1.5 }, /start_book/],
  ])('rejects %j naming the field', async (args, field) => {
    await fails('create_plot_thread', args, field);
  });
});

describe('update_plot_thread', () => {
  it('changes the status by name and the given fields only', async () => {
    const thread = await createThread({ title: 'Pausable', start_book: 1 });
    const { plot_thread } = await ok<{ plot_thread: ThreadJson }>('update_plot_thread', {
      thread_id: thread.id,
      current_status: 'on_hold',
      end_book: 4,
      resolution_notes: 'Waiting on book 4.',
    });
    expect(plot_thread).toMatchObject({ id: thread.id, title: 'Pausable', current_status: 'on_hold', end_book: 4, resolution_notes: 'Waiting on book 4.' });
    const onHold = await h.db.selectFrom('plot_thread_statuses').select('id').where('status_name', '=', 'on_hold').executeTakeFirstOrThrow();
    const row = await h.db.selectFrom('plot_threads').selectAll().where('id', '=', thread.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ current_status_id: onHold.id, end_book: 4, resolution_notes: 'Waiting on book 4.', title: 'Pausable' });
  });

  it('records a resolution', async () => {
    const thread = await createThread({ title: 'Resolvable', start_book: 1 });
    const { plot_thread } = await ok<{ plot_thread: ThreadJson }>('update_plot_thread', {
      thread_id: thread.id,
      current_status: 'resolved',
      resolution_book: 2,
      resolution_notes: 'The keeper confesses.',
    });
    expect(plot_thread).toMatchObject({ current_status: 'resolved', resolution_book: 2, resolution_notes: 'The keeper confesses.' });
  });

  it('refuses an end book before the thread\'s start book', async () => {
    const thread = await createThread({ title: 'Ranged', start_book: 3 });
    await fails('update_plot_thread', { thread_id: thread.id, end_book: 1 }, /end_book \(1\) must not be before start_book \(3\)/);
  });

  it('refuses an update with nothing to change', async () => {
    const thread = await createThread({ title: 'Idle' });
    await fails('update_plot_thread', { thread_id: thread.id }, /nothing to update/i);
  });

  it('says which thread was not found', async () => {
    await fails('update_plot_thread', { thread_id: 141_414, title: 'Ghost' }, /plot thread 141414 not found/);
  });

  it.each([
    [{ thread_id: 1, current_status: 'planning' }, /current_status/],
    [{ thread_id: 1, end_book: 'last' }, /end_book/],
    [{ title: 'T' }, /thread_id/],
  ])('rejects %j naming the field', async (args, field) => {
    await fails('update_plot_thread', args, field);
  });
});
