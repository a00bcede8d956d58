import { jsonOf, startServer, textOf, type ServerHarness } from '@mcp-writing/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSceneServer } from '../src/index.js';
import { Story } from './fixtures.js';

interface Violation {
  violation_type: string;
  severity: string;
  type: string;
  chapter_number?: number;
  scene_number?: number;
  character_id?: number;
  message: string;
}
interface Report {
  violation_types_checked: string[];
  severity_threshold: string;
  summary: { error: number; warning: number; info: number; total: number; below_threshold: number; by_type: Record<string, number> };
  violations: Violation[];
}

let h: ServerHarness;
let story: Story;

beforeAll(async () => {
  h = await startServer('scene', createSceneServer);
  story = new Story(h.db);
});
afterAll(() => h?.close());

/**
 * A consistent series: book 1 with chapters 1-3 told by Ana at known locations; Ben learns "the secret"
 * in chapter 2 and reveals it in chapter 3; events 1 and 2 shown in order, event 0 as a flashback;
 * a thread ending in book 1, resolved.
 */
async function cleanSeries() {
  const series = await story.series();
  const book = await story.book(series, 1);
  const book2 = await story.book(series, 2);
  const ana = await story.character(series, 'Ana', { first_appearance_book_id: book });
  const ben = await story.character(series, 'Ben', { first_appearance_book_id: book });
  const castle = await h.db.insertInto('locations').values({ series_id: series, name: 'Castle', location_type: 'building' }).returning('id').executeTakeFirstOrThrow();
  await h.db.insertInto('locations').values({ series_id: series, name: 'Harbour', location_type: 'district', parent_location_id: castle.id }).execute();
  const chapters: number[] = [];
  for (const n of [1, 2, 3]) {
    const c = await story.chapter(book, n, { pov_character_id: ana, primary_location: 'Castle' });
    chapters.push(c);
    await story.scene(c, 1, { pov_character_id: ana, scene_participants: [ana, ben], location: 'the Castle keep', time_of_day: 'morning' });
    await story.scene(c, 2, { pov_character_id: ana, scene_participants: [ben], location: 'Harbour', time_of_day: 'evening' });
  }
  const [c1, c2, c3] = chapters as [number, number, number];
  await h.db.insertInto('character_knowledge').values({ character_id: ben, knowledge_category: 'plot', knowledge_item: 'The Secret', learned_chapter_id: c2 }).execute();
  await h.db
    .insertInto('character_chapter_presence')
    .values([
      { character_id: ben, chapter_id: c2, presence_type: 'present', learns_this_chapter: ['the secret'] },
      { character_id: ben, chapter_id: c3, presence_type: 'present', reveals_this_chapter: ['the secret'] },
    ])
    .execute();
  const events = await h.db
    .insertInto('timeline_events')
    .values([
      { series_id: series, event_name: 'Childhood fire', sort_order: 0 },
      { series_id: series, event_name: 'Arrival', sort_order: 1 },
      { series_id: series, event_name: 'Duel', sort_order: 2 },
    ])
    .returning('id')
    .execute();
  const [fire, arrival, duel] = events.map((e) => e.id) as [number, number, number];
  await h.db
    .insertInto('event_chapter_mappings')
    .values([
      { event_id: arrival, chapter_id: c1, scene_number: 1, presentation_type: 'direct_scene', pov_character_id: ana },
      { event_id: duel, chapter_id: c2, scene_number: 1, presentation_type: 'direct_scene' },
      { event_id: fire, chapter_id: c3, scene_number: 2, presentation_type: 'flashback' },
    ])
    .execute();
  await h.db.insertInto('plot_threads').values({ series_id: series, title: 'Who set the fire', start_book: 1, end_book: 1, current_status_id: 2, resolution_book: 1 }).execute();
  return { series, book, book2, ana, ben, c1, c2, c3, fire, arrival, duel };
}

async function check(args: Record<string, unknown>): Promise<Report> {
  const res = await h.call('check_structure_violations', args);
  expect(res.isError, textOf(res)).toBeFalsy();
  return jsonOf<Report>(res);
}
const found = (r: Report) => r.violations.map((v) => `${v.violation_type}/${v.type}@${v.chapter_number ?? '-'}`).sort();

describe('check_structure_violations', () => {
  it('finds nothing in a consistent book, even at info level', async () => {
    const s = await cleanSeries();
    const report = await check({ book_id: s.book, severity_threshold: 'info' });
    expect(report.violations).toEqual([]);
    expect(report.violation_types_checked).toEqual(['character_continuity', 'timeline_consistency', 'pov_consistency', 'location_consistency', 'plot_holes']);
    expect(report.summary).toMatchObject({ total: 0, below_threshold: 0 });
  });

  it('character_continuity: a character on stage before the book of their first appearance', async () => {
    const s = await cleanSeries();
    const later = await story.character(s.series, 'Cleo', { first_appearance_book_id: s.book2 });
    await h.db.updateTable('chapter_scenes').set({ scene_participants: [s.ben, later] }).where('chapter_id', '=', s.c2).where('scene_number', '=', 2).execute();
    const report = await check({ book_id: s.book, violation_types: ['character_continuity'] });
    expect(found(report)).toEqual(['character_continuity/appears_before_introduction@2']);
    expect(report.violations[0]).toMatchObject({ severity: 'error', character_id: later });
    expect(report.violations[0]?.message).toMatch(/Cleo is a scene participant in chapter 2 of book 1, but their first appearance is set to book 2/);
  });

  it('character_continuity: revealing something before learning it', async () => {
    const s = await cleanSeries();
    await h.db.insertInto('character_chapter_presence').values({ character_id: s.ben, chapter_id: s.c1, presence_type: 'present', reveals_this_chapter: ['THE SECRET'] }).execute();
    const report = await check({ book_id: s.book, violation_types: ['character_continuity'] });
    expect(found(report)).toEqual(['character_continuity/knowledge_before_learning@1']);
    expect(report.violations[0]?.message).toMatch(/Ben reveals "THE SECRET" in chapter 1, but learns it in chapter 2/);
  });

  it('timeline_consistency: an earlier event shown directly after a later one', async () => {
    const s = await cleanSeries();
    await h.db.updateTable('event_chapter_mappings').set({ presentation_type: 'direct_scene' }).where('event_id', '=', s.fire).execute();
    const report = await check({ book_id: s.book, violation_types: ['timeline_consistency'] });
    expect(found(report)).toEqual(['timeline_consistency/event_out_of_order@3']);
    expect(report.violations[0]?.message).toMatch(/"Childhood fire" is shown as a direct scene in chapter 3, after "Duel" \(chapter 2\)/);
  });

  it('pov_consistency: a scene told from another POV than its chapter', async () => {
    const s = await cleanSeries();
    await h.db.updateTable('chapter_scenes').set({ pov_character_id: s.ben }).where('chapter_id', '=', s.c3).where('scene_number', '=', 2).execute();
    const report = await check({ book_id: s.book, violation_types: ['pov_consistency'] });
    expect(found(report)).toEqual(['pov_consistency/scene_pov_differs@3']);
    expect(report.violations[0]).toMatchObject({ scene_number: 2, character_id: s.ben });
  });

  it('location_consistency: an unknown place, and a character in two places at once', async () => {
    const s = await cleanSeries();
    await h.db.updateTable('chapter_scenes').set({ location: 'Moon Base' }).where('chapter_id', '=', s.c1).where('scene_number', '=', 2).execute();
    await h.db.updateTable('chapter_scenes').set({ time_of_day: 'morning' }).where('chapter_id', '=', s.c2).where('scene_number', '=', 2).execute();
    const report = await check({ book_id: s.book, violation_types: ['location_consistency'] });
    // Both scenes of chapter 2 now happen in the morning, one at the Castle keep and one at the Harbour:
    // Ana (POV of both) and Ben (in both) are in two places at once.
    expect(found(report)).toEqual([
      'location_consistency/character_in_two_places@2',
      'location_consistency/character_in_two_places@2',
      'location_consistency/unknown_location@1',
    ]);
    expect(report.violations.filter((v) => v.type === 'character_in_two_places').map((v) => v.character_id).sort()).toEqual([s.ana, s.ben].sort());
  });

  it('plot_holes: a thread meant to end in this book still open, and an orphaned thread', async () => {
    const s = await cleanSeries();
    const elsewhere = await story.series('Elsewhere');
    const foreign = await h.db.insertInto('plot_threads').values({ series_id: elsewhere, title: 'Foreign' }).returning('id').executeTakeFirstOrThrow();
    await h.db.updateTable('plot_threads').set({ current_status_id: 1, resolution_book: null }).where('series_id', '=', s.series).execute();
    await h.db.insertInto('plot_threads').values({ series_id: s.series, title: 'Stray', parent_thread_id: foreign.id }).execute();
    const report = await check({ book_id: s.book, violation_types: ['plot_holes'] });
    expect(found(report)).toEqual(['plot_holes/orphaned_thread@-', 'plot_holes/thread_unresolved@-']);
  });

  it('reports only what reaches the severity threshold, and counts the rest', async () => {
    const s = await cleanSeries();
    await h.db.updateTable('chapter_scenes').set({ pov_character_id: s.ben }).where('chapter_id', '=', s.c3).where('scene_number', '=', 2).execute();
    await h.db.insertInto('character_chapter_presence').values({ character_id: s.ben, chapter_id: s.c1, presence_type: 'present', reveals_this_chapter: ['the secret'] }).execute();
    const errors = await check({ book_id: s.book, severity_threshold: 'error' });
    expect(found(errors)).toEqual(['character_continuity/knowledge_before_learning@1']);
    expect(errors.summary).toMatchObject({ error: 1, warning: 0, total: 1, below_threshold: 1 });
    const warnings = await check({ book_id: s.book });
    expect(found(warnings)).toEqual(['character_continuity/knowledge_before_learning@1', 'pov_consistency/scene_pov_differs@3']);
    expect(warnings.summary.by_type).toMatchObject({ character_continuity: 1, pov_consistency: 1, plot_holes: 0 });
  });

  it('says which book was not found', async () => {
    const res = await h.call('check_structure_violations', { book_id: 999_888 });
    expect(res.isError).toBe(true);
    expect(textOf(res)).toMatch(/book 999888 not found/);
  });

  it.each([
    [{}, /book_id/],
    [{ book_id: 1, violation_types: ['spelling'] }, /violation_types/],
    [{ book_id: 1, violation_types: [] }, /violation_types/],
    [{ book_id: 1, severity_threshold: 'fatal' }, /severity_threshold/],
  ])('rejects %j naming the field', async (args, field) => {
    const res = await h.call('check_structure_violations', args);
    expect(res.isError).toBe(true);
    expect(textOf(res)).toMatch(field);
  });
});
