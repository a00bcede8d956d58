import { jsonOf, startServer, textOf, type ServerHarness } from '@mcp-writing/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCoreContinuityServer } from '../src/index.js';
import { addBook, addChapters, addCharacter, seedSeries } from './story.js';

let h: ServerHarness;
let eventId: number;
let lonelyEvent: number;
let mara: number;
beforeAll(async () => {
  h = await startServer('core-continuity', createCoreContinuityServer);
  const s = await seedSeries(h.db, 'Events');
  mara = await addCharacter(h.db, s, 'Mara');
  const book2 = await addBook(h.db, s, 2);
  const book1 = await addBook(h.db, s, 1);
  const [b2c1] = (await addChapters(h.db, book2, 1)) as [number];
  const [, b1c2] = (await addChapters(h.db, book1, 2)) as [number, number];
  eventId = (await h.db.insertInto('timeline_events').values({ series_id: s, event_name: 'The flood', event_date: 'Spring 1204' }).returning('id').executeTakeFirstOrThrow()).id;
  lonelyEvent = (await h.db.insertInto('timeline_events').values({ series_id: s, event_name: 'Unshown' }).returning('id').executeTakeFirstOrThrow()).id;
  await h.db
    .insertInto('event_chapter_mappings')
    .values([
      { event_id: eventId, chapter_id: b2c1, presentation_type: 'memory', completeness: 'partial' },
      { event_id: eventId, chapter_id: b1c2, scene_number: 3, presentation_type: 'direct_scene', pov_character_id: mara, completeness: 'full', event_aspect: 'the dam breaks' },
      { event_id: eventId, chapter_id: b1c2, scene_number: 1, presentation_type: 'foreshadowing', completeness: 'glimpse' },
    ])
    .execute();
});
afterAll(() => h?.close());

describe('get_event_mappings', () => {
  it('lists where the event is shown in reading order, with chapter, book and POV', async () => {
    const res = await h.call('get_event_mappings', { event_id: eventId });
    expect(res.isError, textOf(res)).toBeFalsy();
    const body = jsonOf<{ event: { id: number; event_name: string }; mappings: Record<string, unknown>[]; count: number }>(res);
    expect(body.event).toMatchObject({ id: eventId, event_name: 'The flood', event_date: 'Spring 1204' });
    expect(body.mappings.map((m) => [m.book_number, m.chapter_number, m.scene_number, m.presentation_type])).toEqual([
      [1, 2, 1, 'foreshadowing'],
      [1, 2, 3, 'direct_scene'],
      [2, 1, null, 'memory'],
    ]);
    expect(body.mappings[1]).toMatchObject({ pov_character_id: mara, pov_character_name: 'Mara', event_aspect: 'the dam breaks', completeness: 'full' });
    expect(body.count).toBe(3);
  });

  it('returns no mappings for an event not yet shown, and says which event was not found', async () => {
    expect(jsonOf<{ mappings: unknown[] }>(await h.call('get_event_mappings', { event_id: lonelyEvent })).mappings).toEqual([]);
    const res = await h.call('get_event_mappings', { event_id: 757_575 });
    expect(res.isError).toBe(true);
    expect(textOf(res)).toMatch(/event 757575 not found/);
    const bad = await h.call('get_event_mappings', { event_id: 0 });
    expect(bad.isError).toBe(true);
    expect(textOf(bad)).toMatch(/event_id/);
  });
});

describe('get_available_options', () => {
  interface Options {
    option_type: string;
    options: { id: number; name: string; description: string | null; is_active: boolean }[];
    names: string[];
    count: number;
  }
  async function options(args: Record<string, unknown>): Promise<Options> {
    const res = await h.call('get_available_options', args);
    expect(res.isError, textOf(res)).toBeFalsy();
    return jsonOf<Options>(res);
  }

  it.each([
    ['genres', 10, 'romance'],
    ['plot_thread_types', 8, 'series_arc'],
    ['plot_thread_statuses', 6, 'active'],
    ['relationship_types', 8, 'enables'],
    ['story_concerns', 6, 'obtaining'],
    ['story_outcomes', 5, 'success'],
    ['story_judgments', 5, 'good'],
    ['scene_purposes', 7, 'action'],
    ['scene_types', 7, 'dramatic'],
    ['writing_statuses', 5, 'planned'],
  ])('lists the seeded %s', async (option_type, n, first) => {
    const r = await options({ option_type });
    expect(r.count).toBe(n);
    expect(r.names[0]).toBe(first);
    expect(r.options[0]).toMatchObject({ name: first, is_active: true });
    expect(r.options[0]?.description).toBeTruthy();
  });

  it('filters genre names by substring and hides inactive values unless asked', async () => {
    expect((await options({ option_type: 'genres', genre_filter: 'FICTION' })).names).toEqual([
      'science_fiction',
      'historical_fiction',
      'literary_fiction',
    ]);
    await h.db.updateTable('genres').set({ is_active: false }).where('genre_name', '=', 'literary_fiction').execute();
    expect((await options({ option_type: 'genres', genre_filter: 'fiction' })).names).toEqual(['science_fiction', 'historical_fiction']);
    const all = await options({ option_type: 'genres', genre_filter: 'fiction', active_only: false });
    expect(all.names).toEqual(['science_fiction', 'historical_fiction', 'literary_fiction']);
    expect(all.options[2]?.is_active).toBe(false);
    expect((await options({ option_type: 'genres', genre_filter: '%' })).names).toEqual([]);
  });

  it.each([
    [{}, /option_type/],
    [{ option_type: 'colours' }, /option_type/],
    [{ option_type: 'genres', active_only: 'yes' }, /active_only/],
    [{ option_type: 'genres', genre_filter: '' }, /genre_filter/],
  ])('rejects %j naming the field', async (args, field) => {
    const res = await h.call('get_available_options', args);
    expect(res.isError).toBe(true);
    expect(textOf(res)).toMatch(field);
  });
});
