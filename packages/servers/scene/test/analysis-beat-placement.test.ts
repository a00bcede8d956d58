import { jsonOf, startServer, textOf, type ServerHarness } from '@mcp-writing/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSceneServer } from '../src/index.js';
import { Story } from './fixtures.js';

interface Finding {
  severity: string;
  type: string;
  chapter_number?: number;
  character_id?: number;
  message: string;
  details?: Record<string, unknown>;
}
interface Report {
  position_basis: string;
  findings: Finding[];
  beats?: { beat: string; chapter_number: number; placement: string; position: number }[];
  intensity_curve?: { chapter_number: number; average_intensity: number | null }[];
  arcs?: { character_id: number; appearances: number }[];
  threads?: { thread_id: number; activity: unknown[] }[];
}

let h: ServerHarness;
let story: Story;
let series: number;
let bookNumber = 0;

beforeAll(async () => {
  h = await startServer('scene', createSceneServer);
  story = new Story(h.db);
  series = await story.series();
});
afterAll(() => h?.close());

async function analyse(args: Record<string, unknown>): Promise<Report> {
  const res = await h.call('validate_beat_placement', args);
  expect(res.isError, textOf(res)).toBeFalsy();
  return jsonOf<Report>(res);
}
const found = (r: Report) => r.findings.map((f) => `${f.type}@${f.chapter_number ?? '-'}`).sort();

/** A book whose chapters have these word counts; returns the chapter ids in order. */
async function book(words: number[], fields: Record<string, unknown> = {}) {
  bookNumber += 1;
  const id = await story.book(series, bookNumber, fields);
  const chapters: number[] = [];
  for (const [i, w] of words.entries()) chapters.push(await story.chapter(id, i + 1, { word_count: w }));
  return { id, chapters };
}

async function plotPoint(chapterId: number, type: string) {
  await h.db.insertInto('chapter_plot_points').values({ chapter_id: chapterId, plot_point_type: type }).execute();
}

describe('validate_beat_placement: pacing', () => {
  it('finds nothing when the key beats fall in their ranges and chapters are even', async () => {
    const b = await book([1000, 1000, 1000, 1000]);
    await plotPoint(b.chapters[0]!, 'inciting_incident');
    await plotPoint(b.chapters[1]!, 'Midpoint');
    await plotPoint(b.chapters[3]!, 'climax');
    await plotPoint(b.chapters[2]!, 'subplot_twist');
    for (const flexible of [true, false]) {
      const report = await analyse({ book_id: b.id, flexible_guidelines: flexible });
      expect(report.findings).toEqual([]);
      expect(report.position_basis).toBe('word_count');
      expect(report.beats?.map((x) => [x.beat, x.chapter_number, x.placement])).toEqual([
        ['inciting_incident', 1, 'within_range'],
        ['midpoint', 2, 'within_range'],
        ['climax', 4, 'within_range'],
      ]);
    }
  });

  it('finds a beat placed too early, and a missing key beat', async () => {
    const b = await book([1000, 1000, 1000, 1000]);
    await plotPoint(b.chapters[0]!, 'inciting_incident');
    await plotPoint(b.chapters[0]!, 'midpoint');
    const report = await analyse({ book_id: b.id });
    expect(found(report)).toEqual(['beat_too_early@1', 'missing_beat@-']);
    expect(report.findings.find((f) => f.type === 'missing_beat')?.details).toEqual({ beat: 'climax' });
    expect(report.findings.find((f) => f.type === 'beat_too_early')?.message).toMatch(/midpoint \(chapter 1\) falls at 0%-25% of the book; it usually falls between 40% and 60%/);
  });

  it('finds beats out of order', async () => {
    const b = await book([1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000]);
    await plotPoint(b.chapters[1]!, 'inciting_incident');
    await plotPoint(b.chapters[5]!, 'climax');
    await plotPoint(b.chapters[8]!, 'midpoint');
    const report = await analyse({ book_id: b.id, flexible_guidelines: true });
    expect(found(report)).toEqual(['beat_out_of_order@6', 'beat_too_early@6', 'beat_too_late@9'].sort());
  });

  it('widens the ranges with flexible guidelines', async () => {
    const b = await book([380, 40, 580]);
    await plotPoint(b.chapters[0]!, 'inciting_incident');
    await plotPoint(b.chapters[1]!, 'midpoint');
    await plotPoint(b.chapters[2]!, 'climax');
    const beatsOnly = (r: Report) => found(r).filter((f) => f.startsWith('beat_'));
    expect(beatsOnly(await analyse({ book_id: b.id, flexible_guidelines: false }))).toEqual(['beat_too_early@2']);
    expect(beatsOnly(await analyse({ book_id: b.id, flexible_guidelines: true }))).toEqual([]);
  });

  it('flags a chapter far longer than the mean, with a wider tolerance when flexible', async () => {
    const b = await book([1000, 1000, 3000, 1000]);
    await plotPoint(b.chapters[0]!, 'inciting_incident');
    await plotPoint(b.chapters[2]!, 'midpoint');
    await plotPoint(b.chapters[3]!, 'climax');
    expect(found(await analyse({ book_id: b.id, flexible_guidelines: false }))).toEqual(['chapter_too_long@3']);
    expect(found(await analyse({ book_id: b.id, flexible_guidelines: true }))).toEqual([]);
  });

  it('uses chapter order when nothing is written yet', async () => {
    const b = await book([0, 0, 0, 0]);
    await plotPoint(b.chapters[0]!, 'inciting_incident');
    await plotPoint(b.chapters[1]!, 'midpoint');
    await plotPoint(b.chapters[3]!, 'climax');
    const report = await analyse({ book_id: b.id });
    expect(report.position_basis).toBe('chapter_order');
    expect(report.findings).toEqual([]);
  });
});

describe('validate_beat_placement: emotional_beats', () => {
  async function rated(intensities: number[]) {
    const b = await book(intensities.map(() => 1000));
    for (const [i, level] of intensities.entries()) await story.scene(b.chapters[i]!, 1, { word_count: 1000, intensity_level: level });
    return b;
  }

  it('finds nothing in rising tension that peaks at the end', async () => {
    const b = await rated([2, 4, 5, 7, 9]);
    const report = await analyse({ book_id: b.id, beat_analysis_type: 'emotional_beats' });
    expect(report.findings).toEqual([]);
    expect(report.intensity_curve?.map((c) => c.average_intensity)).toEqual([2, 4, 5, 7, 9]);
  });

  it('finds an early peak, falling tension and a flat stretch', async () => {
    const early = await analyse({ book_id: (await rated([9, 2, 3, 4, 5])).id, beat_analysis_type: 'emotional_beats' });
    expect(found(early)).toEqual(['climax_not_peak@1', 'no_rising_tension@-']);
    const flat = await analyse({ book_id: (await rated([3, 3, 4, 3, 8])).id, beat_analysis_type: 'emotional_beats', flexible_guidelines: false });
    expect(found(flat)).toEqual(['flat_stretch@1']);
  });

  it('says when no scene is rated', async () => {
    const b = await book([100, 100]);
    expect(found(await analyse({ book_id: b.id, beat_analysis_type: 'emotional_beats' }))).toEqual(['no_intensity_data@-']);
  });
});

describe('validate_beat_placement: character_arcs and plot_threads', () => {
  it('finds an arc character who never appears and one who starts late', async () => {
    const b = await book([1000, 1000, 1000, 1000]);
    const hero = await story.character(series, 'Hero');
    const ghost = await story.character(series, 'Ghost');
    const late = await story.character(series, 'Late');
    for (const c of b.chapters) await story.scene(c, 1, { word_count: 1000, pov_character_id: hero });
    await h.db.insertInto('character_chapter_presence').values({ character_id: late, chapter_id: b.chapters[2]!, presence_type: 'present' }).execute();
    await h.db
      .insertInto('character_arcs')
      .values([
        { character_id: hero, book_id: b.id, arc_name: 'Coming of age' },
        { character_id: ghost, book_id: b.id },
        { character_id: late, book_id: b.id },
      ])
      .execute();
    const report = await analyse({ book_id: b.id, beat_analysis_type: 'character_arcs' });
    expect(report.findings.map((f) => [f.type, f.character_id])).toEqual([
      ['arc_character_absent', ghost],
      ['arc_starts_late', late],
    ]);
    expect(report.arcs?.find((a) => a.character_id === hero)?.appearances).toBe(4);
  });

  it('finds a thread meant to end here whose last activity is early, and an idle thread', async () => {
    const b = await book([1000, 1000, 1000, 1000], { book_number: 50 });
    const ending = await h.db
      .insertInto('plot_threads')
      .values({ series_id: series, title: 'The stolen ring', start_book: 50, end_book: 50 })
      .returning('id')
      .executeTakeFirstOrThrow();
    const idle = await h.db.insertInto('plot_threads').values({ series_id: series, title: 'The old feud', start_book: 1 }).returning('id').executeTakeFirstOrThrow();
    await h.db
      .insertInto('information_reveals')
      .values({ plot_thread_id: ending.id, information_content: 'The ring is fake', revealed_in_chapter: b.chapters[0]! })
      .execute();
    const report = await analyse({ book_id: b.id, beat_analysis_type: 'plot_threads' });
    expect(report.findings.map((f) => [f.type, f.severity, (f.details as { thread_id: number }).thread_id]).sort()).toEqual(
      [
        ['thread_ends_without_payoff', 'warning', ending.id],
        ['thread_without_activity', 'info', idle.id],
      ].sort(),
    );
    await h.db
      .insertInto('information_reveals')
      .values({ plot_thread_id: ending.id, information_content: 'The real ring', revealed_in_chapter: b.chapters[3]! })
      .execute();
    await h.db.updateTable('plot_threads').set({ current_status_id: 4 }).where('id', '=', idle.id).execute(); // abandoned
    expect((await analyse({ book_id: b.id, beat_analysis_type: 'plot_threads' })).findings).toEqual([]);
  });
});

describe('validate_beat_placement: errors', () => {
  it('says which book was not found', async () => {
    const res = await h.call('validate_beat_placement', { book_id: 999_777 });
    expect(res.isError).toBe(true);
    expect(textOf(res)).toMatch(/book 999777 not found/);
  });

  it.each([
    [{}, /book_id/],
    [{ book_id: 1, beat_analysis_type: 'vibes' }, /beat_analysis_type/],
    [{ book_id: 1, flexible_guidelines: 'sometimes' }, /flexible_guidelines/],
  ])('rejects %j naming the field', async (args, field) => {
    const res = await h.call('validate_beat_placement', args);
    expect(res.isError).toBe(true);
    expect(textOf(res)).toMatch(field);
  });
});
