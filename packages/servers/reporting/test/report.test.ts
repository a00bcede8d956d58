import type { Db } from '@mcp-writing/db';
import { jsonOf, startServer, textOf, type ServerHarness } from '@mcp-writing/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReportingServer, SECTIONS, type Report } from '../src/index.js';
import { buildFixture, type Fixture } from './fixture.js';

type Full = Report & { markdown: string };

let h: ServerHarness;
let f: Fixture;
/** Queries the server ran (counted through a Kysely plugin on its handle). */
let queries = 0;

beforeAll(async () => {
  h = await startServer('reporting', (deps) => {
    const counter = {
      transformQuery: (args: { node: unknown }) => args.node,
      transformResult: async (args: { result: unknown }) => {
        queries += 1;
        return args.result;
      },
    };
    return createReportingServer({ ...deps, db: deps.db.withPlugin(counter as unknown as Parameters<Db['withPlugin']>[0]) });
  });
  f = await buildFixture(h.db);
});
afterAll(() => h?.close());

async function report(args: Record<string, unknown>): Promise<Full> {
  const res = await h.call('generate_report', args);
  expect(res.isError, textOf(res)).toBeFalsy();
  return jsonOf<Full>(res);
}

async function refused(args: Record<string, unknown>): Promise<string> {
  const res = await h.call('generate_report', args);
  expect(res.isError, textOf(res)).toBe(true);
  expect(textOf(res)).not.toMatch(/\bselect\b.*\bfrom\b|violates|at .*\.(js|ts):\d+/i);
  return textOf(res);
}

describe('series report', () => {
  let r: Full;
  beforeAll(async () => {
    r = await report({ series_id: f.seriesId });
  });

  it('covers the series with every section by default and counts from the data', () => {
    expect(r.scope).toEqual({ type: 'series', series_id: f.seriesId, series_title: 'The Ember Chronicles' });
    expect(r.include_sections).toEqual([...SECTIONS]);
    expect(Object.keys(r.sections).sort()).toEqual([...SECTIONS].sort());
    expect(r.summary).toEqual({
      books: 2,
      chapters: 4,
      scenes: 4,
      words: 10_500,
      target_words: 180_000,
      characters: 4,
      locations: 3,
      organizations: 2,
      plot_threads: 3,
      world_elements: 3,
      world_systems: 1,
      timeline_events: 3,
      relationship_arcs: 2,
    });
    expect(r.truncated).toEqual([]);
  });

  it('series_info: author, genres, books by status, words', () => {
    expect(r.sections.series_info).toMatchObject({
      id: f.seriesId,
      title: 'The Ember Chronicles',
      status: 'ongoing',
      start_year: 2021,
      author: { name: 'Ada Quill' },
      book_count: 2,
      books_by_status: { published: 1, drafting: 1 },
      total_words: 10_500,
    });
    expect(r.sections.series_info?.genres).toHaveLength(2);
  });

  it('books: chapters, scenes, words against target, chapter statuses, POV characters', () => {
    expect(r.sections.books?.map((b) => [b.title, b.chapter_count, b.scene_count, b.word_count, b.progress_percent])).toEqual([
      ['Ashfall', 3, 3, 9000, 9],
      ['Cinder Road', 1, 1, 1500, 1.9],
    ]);
    expect(r.sections.books?.[0]).toMatchObject({ chapters_by_status: { final: 2, draft: 1 }, pov_characters: ['Rhea', 'Tomas'], characters_present: 2, timeline_events: 1 });
    expect(r.sections.books?.[0]?.chapters).toBeUndefined();
  });

  it('characters: presence, POV, events, arcs and threads cross-referenced', () => {
    const byName = Object.fromEntries((r.sections.characters ?? []).map((c) => [c.name, c]));
    expect(Object.keys(byName)).toEqual(['Old Man Ennis', 'Rhea', 'Tomas', 'Vex']);
    expect(byName.Rhea).toMatchObject({
      chapters_present: 3,
      pov_chapters: 2,
      books_present: ['Ashfall', 'Cinder Road'],
      arcs: [{ book: 'Ashfall', arc_name: 'From ash' }],
      timeline_events: 1,
      relationship_arcs: 2,
      plot_threads: 1,
      first_appearance_book: 'Ashfall',
    });
    expect(byName.Tomas).toMatchObject({ chapters_present: 1, pov_chapters: 1, timeline_events: 1, relationship_arcs: 1, plot_threads: 1 });
    expect(byName.Vex).toMatchObject({ chapters_present: 1, pov_chapters: 0, timeline_events: 1, relationship_arcs: 1, plot_threads: 1, first_appearance_book: 'Cinder Road' });
    expect(byName['Old Man Ennis']).toMatchObject({ chapters_present: 0, pov_chapters: 0, timeline_events: 0, relationship_arcs: 0, plot_threads: 0, books_present: [] });
  });

  it('locations and organizations: nesting, headquarters, uses per book', () => {
    const locations = Object.fromEntries((r.sections.locations ?? []).map((l) => [l.name, l]));
    expect(locations.Emberfall).toMatchObject({
      parent_location: null,
      sublocations: ['The Forge'],
      organizations_headquartered: ['The Wardens'],
      usage_count: 2,
      used_in_books: ['Ashfall', 'Cinder Road'],
    });
    expect(locations['The Forge']).toMatchObject({ parent_location: 'Emberfall', usage_count: 1, used_in_books: ['Ashfall'] });
    expect(locations['Cinder Wastes']).toMatchObject({ usage_count: 0, used_in_books: [] });
    expect(r.sections.organizations?.map((o) => [o.name, o.headquarters, o.influence_level, o.usage_count])).toEqual([
      ['The Wardens', 'Emberfall', 8, 1],
      ['Ash Cult', null, 4, 0],
    ]);
  });

  it('plot threads: type, status, span in book titles, subthreads, characters, reveals, arcs', () => {
    expect(r.sections.plot_threads?.map((t) => t.title)).toEqual(['The Lost Crown', "Vex's Revenge", "Ennis' Secret"]);
    expect(r.sections.plot_threads?.[0]).toMatchObject({
      thread_type: 'series_arc',
      status: 'active',
      start_book_title: 'Ashfall',
      end_book_title: 'Cinder Road',
      subthreads: ["Vex's Revenge"],
      related_characters: ['Rhea', 'Tomas'],
      reveals: 2,
      relationship_arcs: 1,
    });
    expect(r.sections.plot_threads?.[1]).toMatchObject({ parent_thread: 'The Lost Crown', related_characters: ['Vex'] });
    expect(r.sections.plot_threads?.[2]).toMatchObject({ resolution_book_title: 'Ashfall', reveals: 0 });
  });

  it('world: systems with element counts, elements with uses', () => {
    expect(r.sections.world_elements?.systems).toEqual([expect.objectContaining({ system_name: 'Ashcraft', element_count: 2 })]);
    expect(r.sections.world_elements?.elements.map((e) => [e.name, e.system, e.usage_count])).toEqual([
      ['Emberstone', 'Ashcraft', 1],
      ['Flame Ward', 'Ashcraft', 0],
      ['Old Tongue', null, 0],
    ]);
  });

  it('timeline: events in order with participants and the chapters showing them', () => {
    expect(r.sections.timeline_events?.map((e) => e.event_name)).toEqual(['The Burning', 'The Pact', 'Crowning']);
    expect(r.sections.timeline_events?.[0]).toMatchObject({
      book: 'Ashfall',
      participants: [
        { character_id: f.rhea, name: 'Rhea', role: 'survivor' },
        { character_id: f.tomas, name: 'Tomas', role: 'rescuer' },
      ],
      shown_in: [{ book: 'Ashfall', chapter_number: 1, chapter_title: 'Embers', presentation: 'direct' }],
    });
    expect(r.sections.timeline_events?.[1]?.shown_in).toEqual([{ book: 'Cinder Road', chapter_number: 1, chapter_title: 'The Road', presentation: 'flashback' }]);
  });

  it('relationship arcs: participants by current name, dynamics and tension', () => {
    expect(r.sections.relationship_arcs?.map((a) => a.arc_name)).toEqual(['Rhea & Tomas', 'Rhea vs Vex']);
    expect(r.sections.relationship_arcs?.[0]).toMatchObject({
      plot_thread: 'The Lost Crown',
      participants: [
        { character_id: f.rhea, name: 'Rhea', role: 'leader' },
        { character_id: f.tomas, name: 'Tomas', role: 'follower' },
      ],
      dynamics: 2,
      net_tension_change: 1,
      latest_change: 'rift',
    });
    expect(r.sections.relationship_arcs?.[1]).toMatchObject({ dynamics: 0, latest_change: null });
  });

  it('renders readable Markdown with the same facts', () => {
    const md = r.markdown;
    expect(md).toMatch(/^# Series report: The Ember Chronicles\n/);
    for (const heading of ['## Summary', '## Series: The Ember Chronicles', '## Books', '## Characters', '## Locations', '## Organizations', '## Plot threads', '## World', '## Timeline', '## Relationship arcs']) {
      expect(md).toContain(heading);
    }
    expect(md).toContain('| 1 | Ashfall | published | 3 | 3 | 9,000 | 100,000 | 9% | Rhea, Tomas |');
    expect(md).toContain('| Emberfall | city | — | The Forge | The Wardens | 2 | Ashfall, Cinder Road |');
    expect(md).toContain('Rhea (leader), Tomas (follower)');
    expect(md).toContain('- Author: Ada Quill');
  });
});

describe('book report', () => {
  it('covers one book: its chapters, the characters in it, its events, threads and arcs', async () => {
    const r = await report({ book_id: f.ashfall });
    expect(r.scope).toEqual({ type: 'book', series_id: f.seriesId, series_title: 'The Ember Chronicles', book_id: f.ashfall, book_title: 'Ashfall', book_number: 1 });
    expect(r.summary).toEqual({
      books: 1,
      chapters: 3,
      scenes: 3,
      words: 9000,
      target_words: 100_000,
      characters: 2,
      locations: 3,
      organizations: 2,
      plot_threads: 2,
      world_elements: 3,
      world_systems: 1,
      timeline_events: 1,
      relationship_arcs: 1,
    });
    expect(r.sections.books).toHaveLength(1);
    expect(r.sections.books?.[0]?.chapters?.map((c) => [c.chapter_number, c.title, c.pov_character, c.scene_count, c.characters_present])).toEqual([
      [1, 'Embers', 'Rhea', 2, ['Rhea']],
      [2, 'Smoke', 'Tomas', 1, ['Tomas']],
      [3, 'Ash', 'Rhea', 0, ['Rhea']],
    ]);
    expect(r.sections.characters?.map((c) => [c.name, c.chapters_present, c.books_present])).toEqual([
      ['Rhea', 2, ['Ashfall']],
      ['Tomas', 1, ['Ashfall']],
    ]);
    expect(r.sections.timeline_events?.map((e) => e.event_name)).toEqual(['The Burning']);
    expect(r.sections.plot_threads?.map((t) => t.title)).toEqual(['The Lost Crown', "Ennis' Secret"]);
    expect(r.sections.relationship_arcs?.map((a) => [a.arc_name, a.dynamics, a.net_tension_change, a.latest_change])).toEqual([['Rhea & Tomas', 1, 3, 'trust grows']]);
    expect(r.sections.locations?.find((l) => l.name === 'Emberfall')).toMatchObject({ usage_count: 1, used_in_books: ['Ashfall'] });
    expect(r.markdown).toMatch(/^# Book report: Ashfall \(book 1\) — The Ember Chronicles\n/);
    expect(r.markdown).toContain('### Chapters of Ashfall');
  });

  it('counts events shown in the book through chapter mappings', async () => {
    const r = await report({ book_id: f.cinderRoad, include_sections: ['timeline_events', 'characters'] });
    expect(r.sections.timeline_events?.map((e) => e.event_name)).toEqual(['The Pact', 'Crowning']);
    expect(r.sections.characters?.map((c) => c.name)).toEqual(['Rhea', 'Vex']);
    expect(r.summary).toMatchObject({ timeline_events: 2, characters: 2 });
  });

  it('finds a book by name, case-insensitively, an exact title first', async () => {
    const exact = await report({ book_name: 'ASHFALL', include_sections: ['books'] });
    expect(exact.scope.book_id).toBe(f.ashfall);
    const partial = await report({ book_name: 'cinder', include_sections: ['books'] });
    expect(partial.scope.book_id).toBe(f.cinderRoad);
    const narrowed = await report({ book_name: 'ash', series_name: 'the ember chronicles', include_sections: ['books'] });
    expect(narrowed.scope.book_id).toBe(f.ashfall);
  });
});

describe('choosing the subject and sections', () => {
  it('finds a series by name case-insensitively, exact title first, else a containing title', async () => {
    expect((await report({ series_name: 'THE EMBER CHRONICLES', include_sections: ['series_info'] })).scope.series_id).toBe(f.seriesId);
    expect((await report({ series_name: 'wars', include_sections: ['series_info'] })).scope.series_id).toBe(f.otherSeriesId);
  });

  it('includes only the sections asked for', async () => {
    const r = await report({ series_id: f.seriesId, include_sections: ['plot_threads', 'books', 'plot_threads'] });
    expect(r.include_sections).toEqual(['books', 'plot_threads']);
    expect(Object.keys(r.sections).sort()).toEqual(['books', 'plot_threads']);
    expect(r.markdown).toContain('## Plot threads');
    expect(r.markdown).not.toContain('## Characters');
    expect(r.summary.characters).toBe(4);
  });

  it('lists the matches of an ambiguous name', async () => {
    const series = await refused({ series_name: 'ember' });
    expect(series).toMatch(/series name "ember" matches 2 series: .*"The Ember Chronicles".*"The Ember Wars"/);
    expect(series).toMatch(/series_id/);
    const book = await refused({ book_name: 'ash' });
    expect(book).toMatch(/book name "ash" matches 2 books: .*"Ashfall" \(series .*"The Ember Chronicles"\).*"Ashfall Rising"/);
  });

  it.each([
    [{ series_id: 999_999 }, /series 999999 not found/],
    [{ book_id: 999_999 }, /book 999999 not found/],
    [{ series_name: 'No Such Saga' }, /series "No Such Saga" not found/],
    [{ book_name: 'No Such Book' }, /book "No Such Book" not found/],
    [{}, /give series_id, series_name, book_id or book_name/],
    [{ series_id: 0 }, /series_id/],
    [{ series_id: 'one' }, /series_id/],
    [{ book_id: 1.5 }, /book_id/],
    [{ series_name: '   ' }, /series_name/],
    [{ series_id: 1, include_sections: [] }, /include_sections/],
    [{ series_id: 1, include_sections: ['everything'] }, /include_sections/],
  ])('refuses %j', async (args, message) => {
    expect(await refused(args)).toMatch(message);
  });

  it('refuses a book and a series that do not belong together', async () => {
    const fx = f;
    expect(await refused({ book_id: fx.ashfall, series_id: fx.otherSeriesId })).toMatch(/belongs to series .* not series/);
    expect(await refused({ book_id: fx.ashfall, book_name: 'Cinder Road' })).toMatch(/book_id .* is "Ashfall", not "Cinder Road"/);
    expect(await refused({ book_name: 'Cinder', series_id: fx.otherSeriesId })).toMatch(/book "Cinder" not found in series/);
    expect(await refused({ series_id: fx.seriesId, series_name: 'The Ember Wars' })).toMatch(/name different series/);
  });
});

describe('bounded queries', () => {
  it('runs the same number of queries however many rows the story has', async () => {
    queries = 0;
    await report({ series_id: f.seriesId });
    const small = queries;
    // Grow every list of the series tenfold and more.
    const chars = await h.db
      .insertInto('characters')
      .values(Array.from({ length: 60 }, (_, i) => ({ series_id: f.seriesId, name: `Extra ${i}` })))
      .returning('id')
      .execute();
    const chapters = await h.db
      .insertInto('chapters')
      .values(Array.from({ length: 40 }, (_, i) => ({ book_id: f.cinderRoad, chapter_number: 10 + i, word_count: 100 })))
      .returning('id')
      .execute();
    await h.db
      .insertInto('character_chapter_presence')
      .values(chapters.map((c, i) => ({ character_id: chars[i % chars.length]?.id as number, chapter_id: c.id, presence_type: 'present' })))
      .execute();
    await h.db.insertInto('timeline_events').values(Array.from({ length: 50 }, (_, i) => ({ series_id: f.seriesId, event_name: `Extra event ${i}`, sort_order: 100 + i }))).execute();
    await h.db.insertInto('locations').values(Array.from({ length: 30 }, (_, i) => ({ series_id: f.seriesId, name: `Extra place ${i}`, location_type: 'spot' }))).execute();
    queries = 0;
    const big = await report({ series_id: f.seriesId });
    expect(queries).toBe(small);
    expect(small).toBeGreaterThan(5);
    expect(small).toBeLessThanOrEqual(15);
    expect(big.summary).toMatchObject({ characters: 64, chapters: 44, timeline_events: 53, locations: 33 });
    expect(big.sections.characters).toHaveLength(64);
  });
});
