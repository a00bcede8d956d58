import { jsonOf, startServer, textOf, type ServerHarness } from '@mcp-writing/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSceneServer } from '../src/index.js';
import { addDays, Story } from './fixtures.js';

let h: ServerHarness;
let story: Story;
let book: number;
let today: string;

beforeAll(async () => {
  h = await startServer('scene', createSceneServer);
  story = new Story(h.db);
  today = await story.today();
  const series = await story.series();
  book = await story.book(series, 1, { target_word_count: 10_000 });
  await story.chapter(book, 1, { word_count: 3000, status: 'final' });
  await story.chapter(book, 2, { word_count: 1000, status: 'draft' });
  const session = (daysAgo: number, words: number, extra: Record<string, unknown> = {}) => ({
    book_id: book,
    session_date: addDays(today, -daysAgo),
    words_written: words,
    ...extra,
  });
  await h.db
    .insertInto('writing_sessions')
    .values([
      session(0, 400, { duration_minutes: 60, mood_rating: 8 }),
      session(1, 600, { duration_minutes: 30, mood_rating: 6 }),
      session(2, 500),
      session(10, 900),
      session(45, 1200),
      session(200, 2000),
    ])
    .execute();
  await h.db
    .insertInto('writing_goals')
    .values([
      { book_id: book, goal_type: 'daily_words', target_value: 500, start_date: addDays(today, -2), target_date: addDays(today, 30) },
      { book_id: book, goal_type: 'book_completion', target_value: 10_000, target_date: addDays(today, 60) },
      { book_id: book, goal_type: 'weekly_words', target_value: 100, target_date: addDays(today, 7), active: false },
    ])
    .execute();
});
afterAll(() => h?.close());

async function progress(args: Record<string, unknown>) {
  const res = await h.call('get_writing_progress', { book_id: book, ...args });
  expect(res.isError, textOf(res)).toBeFalsy();
  return jsonOf<Record<string, any>>(res);
}

describe('get_writing_progress', () => {
  it('reports the book against its target and the sessions of the last 30 days by default', async () => {
    const out = await progress({});
    expect(out.book).toMatchObject({ id: book, target_word_count: 10_000, current_word_count: 4000, completion_percentage: 40, words_remaining: 6000 });
    expect(out.chapters).toEqual({ total: 2, finished: 1, by_status: { final: 1, draft: 1 } });
    expect(out.period).toEqual({ time_period: 'month', start_date: addDays(today, -29), end_date: today, days: 30 });
    expect(out.sessions).toMatchObject({ count: 4, words_written: 2400, minutes: 90, average_words_per_session: 600, words_per_hour: 666.7 });
  });

  it('narrows or widens the window with time_period', async () => {
    expect((await progress({ time_period: 'week' })).sessions).toMatchObject({ count: 3, words_written: 1500 });
    expect((await progress({ time_period: 'quarter' })).sessions).toMatchObject({ count: 5, words_written: 3600 });
    const all = await progress({ time_period: 'all_time', include_analytics: false });
    expect(all.sessions).toMatchObject({ count: 6, words_written: 5600 });
    expect(all.period.start_date).toBe(addDays(today, -200));
    expect(all.analytics).toBeUndefined();
  });

  it('adds daily totals, streaks, projection and active goal progress', async () => {
    const { analytics } = await progress({ time_period: 'week' });
    expect(analytics.daily.map((d: any) => [d.date, d.words_written])).toEqual([
      [addDays(today, -2), 500],
      [addDays(today, -1), 600],
      [today, 400],
    ]);
    expect(analytics).toMatchObject({
      writing_days: 3,
      average_words_per_writing_day: 500,
      best_day: { date: addDays(today, -1), words_written: 600 },
      current_streak_days: 3,
      longest_streak_days: 3,
      average_mood: 7,
    });
    expect(analytics.projection).toMatchObject({ words_remaining: 6000, days_needed: Math.ceil(6000 / (1500 / 7)) });
    expect(analytics.goals.map((g: any) => g.goal_type)).toEqual(['daily_words', 'book_completion']);
    expect(analytics.goals[0]).toMatchObject({ current_progress: 400, met: false, days_met: 2, days_elapsed: 3, completion_percentage: 80 });
    expect(analytics.goals[1]).toMatchObject({ current_progress: 4000, remaining: 6000, required_per_day: 100, days_remaining: 60, overdue: false });
  });

  it('says which book was not found', async () => {
    const res = await h.call('get_writing_progress', { book_id: 997_766 });
    expect(res.isError).toBe(true);
    expect(textOf(res)).toMatch(/book 997766 not found/);
  });

  it.each([
    [{}, /book_id/],
    [{ book_id: 1, time_period: 'year' }, /time_period/],
    [{ book_id: 1, include_analytics: 'true' }, /include_analytics/],
  ])('rejects %j naming the field', async (args, field) => {
    const res = await h.call('get_writing_progress', args);
    expect(res.isError).toBe(true);
    expect(textOf(res)).toMatch(field);
  });
});
