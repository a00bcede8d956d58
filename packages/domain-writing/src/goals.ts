import { addDays, daysBetween, monthStartOf, weekStartOf } from './dates.js';
import { percent } from './findings.js';
import type { GoalRow, SessionRow } from './queries/sessions.js';

export const GOAL_TYPES = ['daily_words', 'weekly_words', 'monthly_words', 'chapter_completion', 'book_completion'] as const;
export type GoalType = (typeof GOAL_TYPES)[number];

export interface GoalContext {
  today: string;
  /** All sessions of the book (any date). */
  sessions: readonly SessionRow[];
  /** The book's current word count. */
  bookWords: number;
  /** Chapters of the book whose status means finished. */
  chaptersDone: number;
}

export interface GoalProgress {
  id: number;
  goal_type: string;
  target_value: number;
  start_date: string | null;
  target_date: string;
  description: string | null;
  /** What counts toward the goal now (see measured). */
  current_progress: number;
  /** What current_progress measures, in words. */
  measured: string;
  completion_percentage: number | null;
  met: boolean;
  days_remaining: number;
  overdue: boolean;
  /** For completion goals: what is left and the pace needed to finish by target_date. */
  remaining?: number;
  required_per_day?: number | null;
  /** For daily goals: days from start_date to today (or target_date) that met the target. */
  days_met?: number;
  days_elapsed?: number;
  updated_at?: Date | null;
}

function wordsBetween(sessions: readonly SessionRow[], from: string, to: string): number {
  let words = 0;
  for (const s of sessions) if (s.session_date >= from && s.session_date <= to) words += s.words_written;
  return words;
}

/**
 * Progress of a goal, computed from the data (not from the stored
 * current_progress column):
 * - daily_words: words written today; also how many days since start_date met the target
 * - weekly_words: words written this week (Monday to today)
 * - monthly_words: words written this calendar month
 * - chapter_completion: chapters whose status is final/complete/completed/done/published
 * - book_completion: the book's word count
 */
export function goalProgress(goal: GoalRow, ctx: GoalContext): GoalProgress {
  const { today } = ctx;
  const daysRemaining = daysBetween(today, goal.target_date);
  let current: number;
  let measured: string;
  const extra: Partial<GoalProgress> = {};
  switch (goal.goal_type) {
    case 'daily_words': {
      current = wordsBetween(ctx.sessions, today, today);
      measured = 'words written today';
      const from = goal.start_date ?? today;
      const to = goal.target_date < today ? goal.target_date : today;
      const perDay = new Map<string, number>();
      for (const s of ctx.sessions) {
        if (s.session_date >= from && s.session_date <= to) perDay.set(s.session_date, (perDay.get(s.session_date) ?? 0) + s.words_written);
      }
      extra.days_met = [...perDay.values()].filter((w) => w >= goal.target_value).length;
      extra.days_elapsed = Math.max(0, daysBetween(from, to) + 1);
      break;
    }
    case 'weekly_words':
      current = wordsBetween(ctx.sessions, weekStartOf(today), today);
      measured = 'words written this week (since Monday)';
      break;
    case 'monthly_words':
      current = wordsBetween(ctx.sessions, monthStartOf(today), today);
      measured = 'words written this calendar month';
      break;
    case 'chapter_completion':
      current = ctx.chaptersDone;
      measured = 'chapters finished (status final, complete, completed, done or published)';
      break;
    case 'book_completion':
      current = ctx.bookWords;
      measured = "the book's word count";
      break;
    default:
      current = wordsBetween(ctx.sessions, goal.start_date ?? addDays(today, -29), today);
      measured = 'words written since the goal started';
  }
  const met = current >= goal.target_value;
  if (goal.goal_type === 'chapter_completion' || goal.goal_type === 'book_completion') {
    extra.remaining = Math.max(0, goal.target_value - current);
    extra.required_per_day = daysRemaining > 0 ? Math.ceil(extra.remaining / daysRemaining) : null;
  }
  return {
    id: goal.id,
    goal_type: goal.goal_type,
    target_value: goal.target_value,
    start_date: goal.start_date,
    target_date: goal.target_date,
    description: goal.description,
    current_progress: current,
    measured,
    completion_percentage: percent(current, goal.target_value),
    met,
    days_remaining: daysRemaining,
    overdue: daysRemaining < 0 && !met,
    ...extra,
    updated_at: goal.updated_at,
  };
}
