import { jsonOf, startServer, textOf, type ServerHarness } from '@mcp-writing/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReviewServer } from '../src/index.js';
import { addDays, LEAK, Story } from './fixtures.js';

interface GoalOut {
  goal: {
    id: number;
    book_id: number;
    goal_type: string;
    target_value: number;
    start_date: string;
    target_date: string;
    description: string | null;
    active: boolean;
    updated_at: string;
    progress: { current_progress: number; completion_percentage: number; met: boolean; days_remaining: number; remaining?: number; required_per_day?: number };
  };
  replaced_goals: { id: number; active: boolean; updated_at: string }[];
}

let h: ServerHarness;
let story: Story;
let book: number;
let today: string;

beforeAll(async () => {
  h = await startServer('review', createReviewServer);
  story = new Story(h.db);
  today = await story.today();
  const series = await story.series();
  book = await story.book(series, 1);
  await story.chapter(book, 1, { word_count: 2500, status: 'final' });
  await story.chapter(book, 2, { word_count: 500, status: 'draft' });
  await h.db
    .insertInto('writing_sessions')
    .values([
      { book_id: book, session_date: today, words_written: 300 },
      { book_id: book, session_date: today, words_written: 450 },
      { book_id: book, session_date: addDays(today, -40), words_written: 999 },
    ])
    .execute();
});
afterAll(() => h?.close());

async function setGoal(args: Record<string, unknown>): Promise<GoalOut> {
  const res = await h.call('set_writing_goals', { book_id: book, ...args });
  expect(res.isError, textOf(res)).toBeFalsy();
  return jsonOf<GoalOut>(res);
}

describe('set_writing_goals', () => {
  it('stores an active goal starting today and returns its progress', async () => {
    const out = await setGoal({ goal_type: 'daily_words', target_value: 500, target_date: addDays(today, 30), description: 'Steady pace' });
    expect(out.goal).toMatchObject({
      book_id: book,
      goal_type: 'daily_words',
      target_value: 500,
      start_date: today,
      target_date: addDays(today, 30),
      description: 'Steady pace',
      active: true,
    });
    expect(out.goal.progress).toMatchObject({ current_progress: 750, met: true, completion_percentage: 150, days_remaining: 30 });
    expect(out.replaced_goals).toEqual([]);
    const row = await h.db.selectFrom('writing_goals').selectAll().where('id', '=', out.goal.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ goal_type: 'daily_words', target_value: 500, active: true, description: 'Steady pace' });
  });

  it('replaces the active goal of the same type, in one transaction', async () => {
    const first = await setGoal({ goal_type: 'book_completion', target_value: 80_000, target_date: addDays(today, 100) });
    const second = await setGoal({ goal_type: 'book_completion', target_value: 90_000, target_date: addDays(today, 200) });
    expect(second.replaced_goals).toEqual([{ id: first.goal.id, active: false, updated_at: expect.any(String) }]);
    expect(second.goal.progress).toMatchObject({ current_progress: 3000, remaining: 87_000, required_per_day: 435 });
    const rows = await h.db.selectFrom('writing_goals').select(['id', 'active']).where('goal_type', '=', 'book_completion').orderBy('id').execute();
    expect(rows).toEqual([
      { id: first.goal.id, active: false },
      { id: second.goal.id, active: true },
    ]);
  });

  it('measures chapter goals by finished chapters', async () => {
    const out = await setGoal({ goal_type: 'chapter_completion', target_value: 2, target_date: today });
    expect(out.goal.progress).toMatchObject({ current_progress: 1, remaining: 1, met: false, days_remaining: 0 });
  });

  it('rolls back: a goal dated in the past neither replaces the active goal nor is stored', async () => {
    const kept = await setGoal({ goal_type: 'weekly_words', target_value: 3000, target_date: addDays(today, 7) });
    const before = await story.count('writing_goals');
    const res = await h.call('set_writing_goals', { book_id: book, goal_type: 'weekly_words', target_value: 100, target_date: addDays(today, -1) });
    expect(res.isError).toBe(true);
    expect(textOf(res)).toMatch(/^target_date: .* is before today/);
    expect(await story.count('writing_goals')).toBe(before);
    const row = await h.db.selectFrom('writing_goals').select('active').where('id', '=', kept.goal.id).executeTakeFirstOrThrow();
    expect(row.active).toBe(true);
  });

  it('says which book was not found', async () => {
    const res = await h.call('set_writing_goals', { book_id: 999_333, goal_type: 'daily_words', target_value: 1, target_date: addDays(today, 1) });
    expect(res.isError).toBe(true);
    expect(textOf(res)).toMatch(/book 999333 not found/);
  });

  it.each([
    [{ goal_type: 'daily_words', target_value: 1, target_date: '2030-01-01' }, /book_id/],
    [{ book_id: 1, target_value: 1, target_date: '2030-01-01' }, /goal_type/],
    [{ book_id: 1, goal_type: 'yearly_words', target_value: 1, target_date: '2030-01-01' }, /goal_type/],
    [{ book_id: 1, goal_type: 'daily_words', target_date: '2030-01-01' }, /target_value/],
    [{ book_id: 1, goal_type: 'daily_words', target_value: 0, target_date: '2030-01-01' }, /target_value/],
    [{ book_id: 1, goal_type: 'daily_words', target_value: 1 }, /target_date/],
    [{ book_id: 1, goal_type: 'daily_words', target_value: 1, target_date: 'next week' }, /target_date/],
  ])('rejects %j naming the field', async (args, field) => {
    const res = await h.call('set_writing_goals', args);
    expect(res.isError).toBe(true);
    expect(textOf(res)).toMatch(field);
    expect(textOf(res)).not.toMatch(LEAK);
  });
});
