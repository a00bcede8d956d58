import { jsonOf, startServer, textOf, type ServerHarness } from '@mcp-writing/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReviewServer } from '../src/index.js';
import { Story } from './fixtures.js';

/**
 * The five tools the review server shares with the scene server (their code lives once, in
 * @mcp-writing/domain-writing, and the scene server's tests cover every rule): here each is exercised
 * through the review server on a small story with one known problem and on a clean one.
 */
let h: ServerHarness;
let story: Story;
let clean: number;
let faulty: number;
let hero: number;
let rival: number;

beforeAll(async () => {
  h = await startServer('review', createReviewServer);
  story = new Story(h.db);
  const series = await story.series();
  hero = await story.character(series, 'Hero');
  rival = await story.character(series, 'Rival');
  clean = await story.book(series, 1, { target_word_count: 4000 });
  faulty = await story.book(series, 2, { target_word_count: 4000 });
  for (const book of [clean, faulty]) {
    for (const n of [1, 2, 3, 4]) {
      if (book === faulty && n === 3) continue; // a gap in the numbering
      const chapter = await story.chapter(book, n, { pov_character_id: hero, summary: 'Summary', target_word_count: 1000, word_count: 1000 });
      await story.scene(chapter, 1, { word_count: 1000, pov_character_id: book === faulty && n === 4 ? rival : hero, intensity_level: n * 2 });
      const type = { 1: 'inciting_incident', 2: 'midpoint', 4: 'climax' }[n];
      if (type) await h.db.insertInto('chapter_plot_points').values({ chapter_id: chapter, plot_point_type: book === faulty && n === 2 ? 'climax' : type }).execute();
    }
  }
  await h.db.insertInto('writing_sessions').values({ book_id: faulty, session_date: await story.today(), words_written: 321 }).execute();
});
afterAll(() => h?.close());

async function call(tool: string, args: Record<string, unknown>) {
  const res = await h.call(tool, args);
  expect(res.isError, textOf(res)).toBeFalsy();
  return jsonOf<Record<string, any>>(res);
}

describe('shared writing tools on the review server', () => {
  it('validate_chapter_structure finds the numbering gap only in the faulty book', async () => {
    expect((await call('validate_chapter_structure', { book_id: clean })).issues).toEqual([]);
    const out = await call('validate_chapter_structure', { book_id: faulty });
    expect(out.issues.map((i: any) => i.type)).toEqual(['chapter_number_gap']);
  });

  it('validate_beat_placement finds the misplaced climax and the missing midpoint', async () => {
    expect((await call('validate_beat_placement', { book_id: clean })).findings).toEqual([]);
    const out = await call('validate_beat_placement', { book_id: faulty });
    expect(out.findings.map((f: any) => f.type).sort()).toEqual(['beat_too_early', 'duplicate_beat', 'missing_beat']);
  });

  it('check_structure_violations finds the scene told from another POV', async () => {
    expect((await call('check_structure_violations', { book_id: clean, severity_threshold: 'info' })).violations).toEqual([]);
    const out = await call('check_structure_violations', { book_id: faulty });
    expect(out.violations.map((v: any) => [v.type, v.chapter_number])).toEqual([['scene_pov_differs', 4]]);
  });

  it('word_count_tracking reports the books against their targets', async () => {
    expect((await call('word_count_tracking', { book_id: clean })).targets.book).toMatchObject({ current_words: 4000, completion_percentage: 100, target_status: 'target_met' });
    expect((await call('word_count_tracking', { book_id: faulty })).targets.book).toMatchObject({ current_words: 3000, completion_percentage: 75, words_remaining: 1000 });
  });

  it('get_writing_progress counts the sessions', async () => {
    expect((await call('get_writing_progress', { book_id: clean })).sessions).toMatchObject({ count: 0, words_written: 0 });
    expect((await call('get_writing_progress', { book_id: faulty, time_period: 'week' })).sessions).toMatchObject({ count: 1, words_written: 321 });
  });

  it.each(['validate_chapter_structure', 'validate_beat_placement', 'check_structure_violations', 'word_count_tracking', 'get_writing_progress'])(
    '%s says which book was not found and names a bad book_id',
    async (tool) => {
      const missing = await h.call(tool, { book_id: 999_999 });
      expect(missing.isError).toBe(true);
      expect(textOf(missing)).toMatch(/book 999999 not found/);
      const bad = await h.call(tool, { book_id: 'first' });
      expect(bad.isError).toBe(true);
      expect(textOf(bad)).toMatch(/book_id/);
    },
  );
});
