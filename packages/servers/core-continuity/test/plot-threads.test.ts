import { jsonOf, startServer, textOf, type ServerHarness } from '@mcp-writing/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCoreContinuityServer } from '../src/index.js';
import { addCharacter, seedSeries } from './story.js';

interface ThreadJson {
  id: number;
  title: string;
  thread_type: string | null;
  current_status: string | null;
  importance_level: number;
  start_book: number | null;
  end_book: number | null;
  characters: { id: number; name: string | null }[];
  relationships: {
    direction: string;
    relationship_type: string;
    other_thread_id: number;
    other_thread_title: string;
    statement: string;
    strength: number;
  }[];
}
interface ThreadsJson {
  threads: ThreadJson[];
  count: number;
  total_count: number;
}

let h: ServerHarness;
let seriesId: number;
const t: Record<string, number> = {};
let mara: number;

async function lookupId(table: 'plot_thread_types' | 'plot_thread_statuses' | 'relationship_types', name: string): Promise<number> {
  const column = table === 'plot_thread_statuses' ? 'status_name' : 'type_name';
  const row = await h.db.selectFrom(table).select('id').where(column, '=', name).executeTakeFirstOrThrow();
  return row.id;
}

beforeAll(async () => {
  h = await startServer('core-continuity', createCoreContinuityServer);
  seriesId = await seedSeries(h.db, 'Threads');
  mara = await addCharacter(h.db, seriesId, 'Mara');
  const subplot = await lookupId('plot_thread_types', 'subplot');
  const seriesArc = await lookupId('plot_thread_types', 'series_arc');
  const active = await lookupId('plot_thread_statuses', 'active');
  const resolved = await lookupId('plot_thread_statuses', 'resolved');
  const rows = [
    { key: 'saga', title: 'The long war', thread_type_id: seriesArc, current_status_id: active, importance_level: 10, start_book: 1, end_book: null, related_characters: [mara] },
    { key: 'feud', title: 'Harbour feud', thread_type_id: subplot, current_status_id: resolved, importance_level: 4, start_book: 1, end_book: 1 },
    { key: 'map', title: 'The forged map', thread_type_id: subplot, current_status_id: active, importance_level: 7, start_book: 2, end_book: 3 },
    { key: 'later', title: 'The heir', thread_type_id: seriesArc, current_status_id: active, importance_level: 6, start_book: 4, end_book: null },
  ];
  for (const { key, ...row } of rows) {
    t[key] = (await h.db.insertInto('plot_threads').values({ series_id: seriesId, ...row }).returning('id').executeTakeFirstOrThrow()).id;
  }
  await h.db
    .insertInto('plot_thread_relationships')
    .values({ thread_a_id: t.map as number, thread_b_id: t.saga as number, relationship_type_id: await lookupId('relationship_types', 'enables'), strength: 8, relationship_description: 'The map starts the war' })
    .execute();
  const other = await seedSeries(h.db, 'Elsewhere');
  await h.db.insertInto('plot_threads').values({ series_id: other, title: 'Not ours', importance_level: 10, start_book: 1 }).execute();
});
afterAll(() => h?.close());

async function threads(args: Record<string, unknown>): Promise<ThreadsJson> {
  const res = await h.call('get_plot_threads', { series_id: seriesId, ...args });
  expect(res.isError, textOf(res)).toBeFalsy();
  return jsonOf<ThreadsJson>(res);
}

describe('get_plot_threads', () => {
  it('lists the series\' threads, most important first, with type, status, characters and relationships', async () => {
    const r = await threads({});
    expect(r.threads.map((x) => x.title)).toEqual(['The long war', 'The forged map', 'The heir', 'Harbour feud']);
    expect(r).toMatchObject({ count: 4, total_count: 4 });
    const saga = r.threads[0] as ThreadJson;
    expect(saga).toMatchObject({ thread_type: 'series_arc', current_status: 'active', characters: [{ id: mara, name: 'Mara' }] });
    expect(saga.relationships).toEqual([
      expect.objectContaining({ direction: 'incoming', relationship_type: 'enables', other_thread_id: t.map, other_thread_title: 'The forged map', statement: 'The forged map enables The long war', strength: 8 }),
    ]);
    const map = r.threads[1] as ThreadJson;
    expect(map.relationships).toEqual([expect.objectContaining({ direction: 'outgoing', other_thread_id: t.saga })]);
  });

  it('filters by type, status, importance and the book the thread is active in', async () => {
    expect((await threads({ thread_type: 'subplot' })).threads.map((x) => x.title)).toEqual(['The forged map', 'Harbour feud']);
    expect((await threads({ current_status: 'Resolved' })).threads.map((x) => x.title)).toEqual(['Harbour feud']);
    expect((await threads({ importance_min: 7 })).threads.map((x) => x.title)).toEqual(['The long war', 'The forged map']);
    expect((await threads({ book_number: 1 })).threads.map((x) => x.title)).toEqual(['The long war', 'Harbour feud']);
    expect((await threads({ book_number: 3 })).threads.map((x) => x.title)).toEqual(['The long war', 'The forged map']);
    expect((await threads({ book_number: 5 })).threads.map((x) => x.title)).toEqual(['The long war', 'The heir']);
    const combined = await threads({ thread_type: 'series_arc', book_number: 4, importance_min: 7 });
    expect(combined.threads.map((x) => x.title)).toEqual(['The long war']);
    expect(combined.total_count).toBe(1);
  });

  it('pages with total_count', async () => {
    const page = await threads({ limit: 2, offset: 1 });
    expect(page.threads.map((x) => x.title)).toEqual(['The forged map', 'The heir']);
    expect(page).toMatchObject({ count: 2, total_count: 4 });
  });

  it('names the valid values for an unknown type or status', async () => {
    const type = await h.call('get_plot_threads', { series_id: seriesId, thread_type: 'side_quest' });
    expect(type.isError).toBe(true);
    expect(textOf(type)).toMatch(/thread_type "side_quest" is not a plot thread type\. Valid values: series_arc, mini_arc, .*world_building/);
    const status = await h.call('get_plot_threads', { series_id: seriesId, current_status: 'done' });
    expect(textOf(status)).toMatch(/current_status "done" .* Valid values: active, resolved/);
  });

  it('says which series was not found and rejects bad input by name', async () => {
    expect(textOf(await h.call('get_plot_threads', { series_id: 565_656 }))).toMatch(/series 565656 not found/);
    for (const [args, field] of [
      [{}, /series_id/],
      [{ series_id: seriesId, importance_min: 11 }, /importance_min/],
      [{ series_id: seriesId, book_number: -1 }, /book_number/],
      [{ series_id: seriesId, thread_type: '' }, /thread_type/],
    ] as const) {
      const res = await h.call('get_plot_threads', args);
      expect(res.isError).toBe(true);
      expect(textOf(res)).toMatch(field);
    }
  });
});
