import { jsonOf, startServer, textOf, type ServerHarness } from '@mcp-writing/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSceneServer } from '../src/index.js';
import { Story } from './fixtures.js';

interface Issue {
  severity: string;
  type: string;
  chapter_number?: number;
  message: string;
}
interface Report {
  validation_level: string;
  chapters_checked: number;
  summary: { error: number; warning: number; info: number; total: number; is_valid: boolean };
  issues: Issue[];
  chapters: { chapter_number: number; scene_count: number; issues: number }[];
  pov_distribution?: { character_id: number; name: string; chapters: number; scenes: number; share_of_chapters: number }[];
}

let h: ServerHarness;
let story: Story;
let series: number;
let hero: number;
let mentor: number;

beforeAll(async () => {
  h = await startServer('scene', createSceneServer);
  story = new Story(h.db);
  series = await story.series();
  hero = await story.character(series, 'Hero');
  mentor = await story.character(series, 'Mentor');
});
afterAll(() => h?.close());

async function validate(args: Record<string, unknown>): Promise<Report> {
  const res = await h.call('validate_chapter_structure', args);
  expect(res.isError, textOf(res)).toBeFalsy();
  return jsonOf<Report>(res);
}

const found = (r: Report) => r.issues.map((i) => `${i.type}@${i.chapter_number ?? '-'}`).sort();

/** Three complete chapters: titles, summaries, POV, scenes numbered 1-2 whose words make the chapter's target. */
async function cleanBook(number: number) {
  const book = await story.book(series, number);
  for (const n of [1, 2, 3]) {
    const pov = n === 2 ? mentor : hero;
    const chapter = await story.chapter(book, n, { summary: `What happens in ${n}`, pov_character_id: pov, target_word_count: 1000, word_count: 1000 });
    await story.scene(chapter, 1, { word_count: 600, pov_character_id: pov });
    await story.scene(chapter, 2, { word_count: 400, pov_character_id: pov });
  }
  return book;
}

/** Chapters 1, 2 and 5: no title on 1; no scenes and no POV on 2; 5 twice its target and not matching its scenes. */
async function faultyBook(number: number) {
  const book = await story.book(series, number);
  const c1 = await story.chapter(book, 1, { title: null, pov_character_id: hero, word_count: 800, target_word_count: 1000 });
  await story.scene(c1, 1, { word_count: 800 });
  const c2 = await story.chapter(book, 2, { target_word_count: 1000 });
  const c5 = await story.chapter(book, 5, { target_word_count: 1000, word_count: 2000 });
  await story.scene(c5, 1, { word_count: 1500, pov_character_id: hero });
  return { book, c1, c2, c5 };
}

describe('validate_chapter_structure', () => {
  it('finds nothing wrong in a clean book, at every level, and reports the POV distribution', async () => {
    const book = await cleanBook(1);
    for (const level of ['basic', 'detailed', 'comprehensive']) {
      const report = await validate({ book_id: book, validation_level: level });
      expect(report.issues, level).toEqual([]);
      expect(report.summary).toMatchObject({ error: 0, warning: 0, info: 0, is_valid: true });
      expect(report.chapters_checked).toBe(3);
    }
    const report = await validate({ book_id: book });
    expect(report.validation_level).toBe('detailed');
    expect(report.pov_distribution).toEqual([
      expect.objectContaining({ character_id: hero, name: 'Hero', chapters: 2, scenes: 4, share_of_chapters: 66.7 }),
      expect.objectContaining({ character_id: mentor, name: 'Mentor', chapters: 1, scenes: 2, share_of_chapters: 33.3 }),
    ]);
  });

  it('finds exactly the planted problems at the detailed level', async () => {
    const { book } = await faultyBook(2);
    const report = await validate({ book_id: book, validation_level: 'detailed' });
    expect(found(report)).toEqual(
      ['chapter_number_gap@-', 'missing_pov@2', 'missing_title@1', 'no_scenes@2', 'word_count_mismatch@5', 'word_count_off_target@5'].sort(),
    );
    expect(report.issues.find((i) => i.type === 'chapter_number_gap')?.message).toMatch(/jumps from 2 to 5: chapters 3-4 are missing/);
    expect(report.issues.find((i) => i.type === 'word_count_off_target')).toMatchObject({ severity: 'warning' });
    expect(report.summary).toMatchObject({ warning: 6, error: 0, is_valid: false });
    expect(report.chapters.map((c) => [c.chapter_number, c.issues])).toEqual([
      [1, 1],
      [2, 2],
      [5, 2],
    ]);
  });

  it('checks less at basic and more at comprehensive', async () => {
    const { book, c5 } = await faultyBook(3);
    await h.db.updateTable('chapter_scenes').set({ pov_character_id: await story.character(await story.series('Other'), 'Intruder') }).where('chapter_id', '=', c5).execute();
    const basic = await validate({ book_id: book, validation_level: 'basic' });
    expect(found(basic)).toEqual(['chapter_number_gap@-', 'missing_pov@2', 'missing_title@1', 'no_scenes@2'].sort());
    expect(basic.pov_distribution).toBeUndefined();
    const comprehensive = await validate({ book_id: book, validation_level: 'comprehensive' });
    expect(found(comprehensive)).toEqual(
      [
        'chapter_number_gap@-',
        'missing_pov@2',
        'missing_title@1',
        'no_scenes@2',
        'word_count_mismatch@5',
        'word_count_off_target@5',
        'missing_summary@1',
        'missing_summary@2',
        'missing_summary@5',
        'pov_not_in_series@5',
      ].sort(),
    );
    expect(comprehensive.summary.error).toBe(1);
  });

  it('checks only the chapters asked for (numbering is still checked for the whole book)', async () => {
    const { book, c1 } = await faultyBook(4);
    const report = await validate({ book_id: book, chapter_ids: [c1] });
    expect(report.chapters_checked).toBe(1);
    expect(found(report)).toEqual(['chapter_number_gap@-', 'missing_title@1']);
  });

  it('refuses chapters of another book and unknown ids', async () => {
    const { book } = await faultyBook(5);
    const other = await faultyBook(6);
    const foreign = await h.call('validate_chapter_structure', { book_id: book, chapter_ids: [other.c1] });
    expect(foreign.isError).toBe(true);
    expect(textOf(foreign)).toMatch(new RegExp(`chapter ${other.c1} is not in book ${book}`));
    const unknown = await h.call('validate_chapter_structure', { book_id: book, chapter_ids: [999_321] });
    expect(textOf(unknown)).toMatch(/chapter 999321 not found/);
    const noBook = await h.call('validate_chapter_structure', { book_id: 999_654 });
    expect(noBook.isError).toBe(true);
    expect(textOf(noBook)).toMatch(/book 999654 not found/);
  });

  it.each([
    [{}, /book_id/],
    [{ book_id: 1, validation_level: 'deep' }, /validation_level/],
    [{ book_id: 1, chapter_ids: 'all' }, /chapter_ids/],
  ])('rejects %j naming the field', async (args, field) => {
    const res = await h.call('validate_chapter_structure', args);
    expect(res.isError).toBe(true);
    expect(textOf(res)).toMatch(field);
  });
});
