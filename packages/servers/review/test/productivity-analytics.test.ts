import { jsonOf, startServer, textOf, type ServerHarness } from '@mcp-writing/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReviewServer } from '../src/index.js';
import { addDays, Story } from './fixtures.js';

let h: ServerHarness;
let story: Story;
let book: number;
let today: string;
const march = { start_date: '2025-03-03', end_date: '2025-03-16' }; // Monday 3 to Sunday 16: two weeks

beforeAll(async () => {
  h = await startServer('review', createReviewServer);
  story = new Story(h.db);
  today = await story.today();
  const series = await story.series();
  book = await story.book(series, 1);
  const s = (date: string, start: string | null, minutes: number | null, words: number, mood: number | null) => ({
    book_id: book,
    session_date: date,
    start_time: start,
    duration_minutes: minutes,
    words_written: words,
    mood_rating: mood,
  });
  await h.db
    .insertInto('writing_sessions')
    .values([
      s('2025-03-03', '07:00', 60, 1000, 8), // Monday morning
      s('2025-03-04', '20:00', 60, 400, 4), // Tuesday evening
      s('2025-03-10', '06:30', 30, 800, 9), // Monday morning
      s('2025-03-12', '23:00', 120, 300, 2), // Wednesday night
      s('2025-03-12', null, null, 200, null), // Wednesday, no time
      s('2025-02-20', '07:00', 60, 5000, 10), // outside the range
    ])
    .execute();
});
afterAll(() => h?.close());

async function analytics(args: Record<string, unknown>) {
  const res = await h.call('get_productivity_analytics', { book_id: book, ...args });
  expect(res.isError, textOf(res)).toBeFalsy();
  return jsonOf<Record<string, any>>(res);
}

describe('get_productivity_analytics', () => {
  it('daily_patterns: words by weekday and time of day within the range', async () => {
    const out = await analytics({ date_range: march });
    expect(out.summary).toMatchObject({ sessions: 5, words_written: 2700, writing_days: 4, minutes: 270 });
    expect(out.date_range).toEqual({ ...march, days: 14 });
    const monday = out.by_weekday.find((d: any) => d.weekday === 'Monday');
    expect(monday).toMatchObject({ sessions: 2, words_written: 1800, average_words_per_session: 900, words_per_hour: 1200, average_mood: 8.5 });
    expect(out.by_weekday.map((d: any) => d.weekday)).toEqual(['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday']);
    expect(out.by_weekday.find((d: any) => d.weekday === 'Wednesday')).toMatchObject({ sessions: 2, words_written: 500, words_per_hour: 150 });
    expect(out.best_weekday).toBe('Monday');
    expect(out.by_time_of_day.map((t: any) => [t.time_of_day, t.sessions, t.words_written])).toEqual([
      ['morning', 2, 1800],
      ['afternoon', 0, 0],
      ['evening', 1, 400],
      ['night', 1, 300],
      ['unknown', 1, 200],
    ]);
    expect(out.best_time_of_day).toBe('morning');
  });

  it('weekly_trends: words per week with changes and the trend', async () => {
    const out = await analytics({ analysis_type: 'weekly_trends', date_range: march });
    expect(out.weeks).toEqual([
      { week_start: '2025-03-03', sessions: 2, words_written: 1400, minutes: 120, change_from_previous_week: null, change_percentage: null },
      { week_start: '2025-03-10', sessions: 3, words_written: 1300, minutes: 150, change_from_previous_week: -100, change_percentage: -7.1 },
    ]);
    expect(out).toMatchObject({ average_words_per_week: 1350, best_week: '2025-03-03', trend: 'falling', trend_words_per_week: -100 });
  });

  it('productivity_factors: mood against output and time of day', async () => {
    const out = await analytics({ analysis_type: 'productivity_factors', date_range: march });
    expect(out.by_mood.map((m: any) => [m.mood_band, m.sessions, m.words_written])).toEqual([
      ['low (1-3)', 1, 300],
      ['medium (4-6)', 1, 400],
      ['high (7-10)', 2, 1800],
    ]);
    expect(out.mood_words_correlation).toBeGreaterThan(0.9);
    expect(out.mood_by_time_of_day.map((t: any) => [t.time_of_day, t.average_mood])).toEqual([
      ['morning', 8.5],
      ['evening', 4],
      ['night', 2],
      ['unknown', null],
    ]);
    expect(out.by_session_length.map((l: any) => [l.session_length, l.sessions])).toEqual([
      ['short (under 30 min)', 0],
      ['medium (30-90 min)', 3],
      ['long (over 90 min)', 1],
    ]);
    expect(out.most_productive_time_of_day).toBe('morning');
  });

  it('goal_progress: active goals and how often the range met them', async () => {
    await h.db.insertInto('writing_goals').values({ book_id: book, goal_type: 'daily_words', target_value: 500, target_date: addDays(today, 10) }).execute();
    const out = await analytics({ analysis_type: 'goal_progress', date_range: march });
    expect(out.active_goals).toBe(1);
    expect(out.goals[0]).toMatchObject({
      goal_type: 'daily_words',
      target_value: 500,
      current_progress: 0,
      in_date_range: { periods_with_writing: 4, periods_meeting_target: 3, best_period: { start: '2025-03-03', words: 1000 } },
    });
  });

  it('defaults to the last 90 days', async () => {
    await h.db.insertInto('writing_sessions').values({ book_id: book, session_date: addDays(today, -3), words_written: 777, start_time: '14:00' }).execute();
    const out = await analytics({});
    expect(out.date_range).toEqual({ start_date: addDays(today, -89), end_date: today, days: 90 });
    expect(out.summary).toMatchObject({ sessions: 1, words_written: 777 });
    expect(out.best_time_of_day).toBe('afternoon');
  });

  it('says which book was not found', async () => {
    const res = await h.call('get_productivity_analytics', { book_id: 999_555 });
    expect(res.isError).toBe(true);
    expect(textOf(res)).toMatch(/book 999555 not found/);
  });

  it.each([
    [{}, /book_id/],
    [{ book_id: 1, analysis_type: 'monthly' }, /analysis_type/],
    [{ book_id: 1, date_range: '2025' }, /date_range/],
    [{ book_id: 1, date_range: { start_date: '2025-13-01' } }, /start_date/],
    [{ book_id: 1, date_range: { start_date: '2025-03-10', end_date: '2025-03-01' } }, /start_date must not be after end_date at date_range/],
  ])('rejects %j naming the field', async (args, field) => {
    const res = await h.call('get_productivity_analytics', args);
    expect(res.isError).toBe(true);
    expect(textOf(res)).toMatch(field);
  });
});
