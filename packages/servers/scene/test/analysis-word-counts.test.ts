import { jsonOf, startServer, textOf, type ServerHarness } from '@mcp-writing/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSceneServer } from '../src/index.js';
import { Story } from './fixtures.js';

let h: ServerHarness;
let story: Story;
let book: number;
let c1: number;
let c2: number;

beforeAll(async () => {
  h = await startServer('scene', createSceneServer);
  story = new Story(h.db);
  const series = await story.series();
  book = await story.book(series, 1, { target_word_count: 10_000, actual_word_count: 1500 });
  c1 = await story.chapter(book, 1, { word_count: 1000, target_word_count: 1000, status: 'final' });
  c2 = await story.chapter(book, 2, { word_count: 500, target_word_count: 2000 });
  await story.chapter(book, 3);
  await story.scene(c1, 1, { word_count: 600, target_word_count: 500, writing_status: 'final' });
  await story.scene(c1, 2, { word_count: 400, target_word_count: 500, writing_status: 'final' });
  await story.scene(c2, 1, { word_count: 300, writing_status: 'draft' });
  await h.db
    .insertInto('writing_sessions')
    .values([
      { book_id: book, session_date: '2025-05-01', words_written: 700, words_edited: 100, net_words: 600 },
      { book_id: book, session_date: '2025-05-01', words_written: 300 },
      { book_id: book, session_date: '2025-05-03', words_written: 500 },
    ])
    .execute();
});
afterAll(() => h?.close());

async function track(args: Record<string, unknown>) {
  const res = await h.call('word_count_tracking', { book_id: book, ...args });
  expect(res.isError, textOf(res)).toBeFalsy();
  return jsonOf<Record<string, any>>(res);
}

describe('word_count_tracking', () => {
  it('reports book totals, completion and the chapter length distribution at book level', async () => {
    const out = await track({ tracking_level: 'book' });
    expect(out.book).toMatchObject({ current_word_count: 1500, chapter_word_total: 1500, scene_word_total: 1300, chapter_count: 3, scene_count: 3 });
    expect(out.targets.book).toMatchObject({ current_words: 1500, target_word_count: 10_000, completion_percentage: 15, words_remaining: 8500, target_status: 'under_target' });
    expect(out.targets).toMatchObject({ chapters_with_target: 2, chapters_target_met: 1, chapter_target_total: 3000, scenes_with_target: 2, scenes_target_met: 1 });
    expect(out.distribution).toMatchObject({
      written_chapters: 2,
      unwritten_chapters: 1,
      chapter_lengths: { count: 2, total: 1500, mean: 750, median: 750, min: 500, max: 1000 },
      shortest_chapter: { chapter_id: c2, chapter_number: 2, word_count: 500 },
      longest_chapter: { chapter_id: c1, chapter_number: 1, word_count: 1000 },
    });
    expect(out.chapters).toBeUndefined();
    expect(out.history).toBeUndefined();
  });

  it('lists chapters against their targets at chapter level (the default)', async () => {
    const out = await track({});
    expect(out.tracking_level).toBe('chapter');
    expect(out.chapters).toEqual([
      expect.objectContaining({ chapter_id: c1, word_count: 1000, target_word_count: 1000, completion_percentage: 100, variance: 0, target_status: 'target_met', scene_count: 2, scene_word_total: 1000, share_of_book: 66.7 }),
      expect.objectContaining({ chapter_id: c2, word_count: 500, completion_percentage: 25, variance: -1500, target_status: 'under_target', scene_word_total: 300 }),
      expect.objectContaining({ chapter_number: 3, word_count: 0, target_status: 'no_target', scene_count: 0 }),
    ]);
  });

  it('lists scenes at scene level and leaves targets out when asked', async () => {
    const out = await track({ tracking_level: 'scene', calculate_targets: false });
    expect(out.targets).toBeUndefined();
    expect(out.scenes.map((s: any) => [s.chapter_number, s.scene_number, s.word_count])).toEqual([
      [1, 1, 600],
      [1, 2, 400],
      [2, 1, 300],
    ]);
    expect(out.scenes[0]).not.toHaveProperty('target_status');
  });

  it('nests scenes and checks consistency at detailed level, with history', async () => {
    const out = await track({ tracking_level: 'detailed', include_history: true });
    expect(out.chapters[0].scenes).toHaveLength(2);
    expect(out.consistency).toEqual({
      book_count_matches_chapters: true,
      chapters_not_matching_scenes: [{ chapter_id: c2, chapter_number: 2, word_count: 500, scene_total: 300 }],
    });
    expect(out.words_by_writing_status).toEqual({ final: { scenes: 2, words: 1000 }, draft: { scenes: 1, words: 300 } });
    expect(out.history.daily).toEqual([
      { date: '2025-05-03', words_written: 500, words_edited: 0, net_words: 0, sessions: 1 },
      { date: '2025-05-01', words_written: 1000, words_edited: 100, net_words: 600, sessions: 2 },
    ]);
    expect(out.history.snapshots).toEqual([]);
  });

  it('says which book was not found', async () => {
    const res = await h.call('word_count_tracking', { book_id: 998_877 });
    expect(res.isError).toBe(true);
    expect(textOf(res)).toMatch(/book 998877 not found/);
  });

  it.each([
    [{}, /book_id/],
    [{ book_id: 1, tracking_level: 'page' }, /tracking_level/],
    [{ book_id: 1, include_history: 1 }, /include_history/],
    [{ book_id: 1, calculate_targets: 'no' }, /calculate_targets/],
  ])('rejects %j naming the field', async (args, field) => {
    const res = await h.call('word_count_tracking', args);
    expect(res.isError).toBe(true);
    expect(textOf(res)).toMatch(field);
  });
});
