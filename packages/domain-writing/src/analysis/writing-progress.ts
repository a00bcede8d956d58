import { addDays, daysBetween } from '../dates.js';
import { percent, round } from '../findings.js';
import { goalProgress, type GoalProgress } from '../goals.js';
import type { BookInfo } from '../queries/books.js';
import type { ChapterRow } from '../queries/manuscript.js';
import { isDoneStatus, type GoalRow, type SessionRow } from '../queries/sessions.js';

export const TIME_PERIODS = ['week', 'month', 'quarter', 'all_time'] as const;
export type TimePeriod = (typeof TIME_PERIODS)[number];

/** Rolling windows ending today: week = 7 days, month = 30 days, quarter = 90 days. */
const PERIOD_DAYS: Record<Exclude<TimePeriod, 'all_time'>, number> = { week: 7, month: 30, quarter: 90 };

export interface WritingProgressInput {
  book: BookInfo;
  chapters: readonly ChapterRow[];
  /** Every session of the book up to today, oldest first. */
  sessions: readonly SessionRow[];
  goals: readonly GoalRow[];
  today: string;
  timePeriod: TimePeriod;
  includeAnalytics: boolean;
}

/** The book's current word count: the sum of its chapters when it has chapters, else books.actual_word_count. */
export function currentWords(book: BookInfo, chapters: readonly ChapterRow[]): number {
  return chapters.length > 0 ? chapters.reduce((sum, c) => sum + c.word_count, 0) : (book.actual_word_count ?? 0);
}

function dailyTotals(sessions: readonly SessionRow[]) {
  const days = new Map<string, { date: string; words_written: number; words_edited: number; sessions: number; minutes: number }>();
  for (const s of sessions) {
    const day = days.get(s.session_date) ?? { date: s.session_date, words_written: 0, words_edited: 0, sessions: 0, minutes: 0 };
    day.words_written += s.words_written;
    day.words_edited += s.words_edited;
    day.sessions += 1;
    day.minutes += s.duration_minutes ?? 0;
    days.set(s.session_date, day);
  }
  return [...days.values()].sort((a, b) => a.date.localeCompare(b.date));
}

/** Consecutive days with words written: the run that ends today (or yesterday), and the longest run. */
function streaks(writingDates: readonly string[], today: string) {
  let longest = 0;
  let run = 0;
  let previous: string | undefined;
  for (const date of writingDates) {
    run = previous !== undefined && daysBetween(previous, date) === 1 ? run + 1 : 1;
    longest = Math.max(longest, run);
    previous = date;
  }
  const last = writingDates[writingDates.length - 1];
  const current = last !== undefined && daysBetween(last, today) <= 1 ? run : 0;
  return { current, longest };
}

export function writingProgress(input: WritingProgressInput) {
  const { book, chapters, sessions, today, timePeriod } = input;
  const start =
    timePeriod === 'all_time' ? (sessions[0]?.session_date ?? today) : addDays(today, -(PERIOD_DAYS[timePeriod] - 1));
  const periodDays = daysBetween(start, today) + 1;
  const inPeriod = sessions.filter((s) => s.session_date >= start && s.session_date <= today);
  const words = currentWords(book, chapters);
  const target = book.target_word_count;
  const byStatus: Record<string, number> = {};
  for (const chapter of chapters) {
    const status = chapter.status ?? 'unset';
    byStatus[status] = (byStatus[status] ?? 0) + 1;
  }
  const chaptersDone = chapters.filter((c) => isDoneStatus(c.status)).length;

  const written = inPeriod.reduce((sum, s) => sum + s.words_written, 0);
  const timed = inPeriod.filter((s) => (s.duration_minutes ?? 0) > 0);
  const timedMinutes = timed.reduce((sum, s) => sum + (s.duration_minutes ?? 0), 0);
  const timedWords = timed.reduce((sum, s) => sum + s.words_written, 0);

  const result: Record<string, unknown> = {
    book: {
      id: book.id,
      title: book.title,
      status: book.status,
      target_word_count: target,
      current_word_count: words,
      actual_word_count: book.actual_word_count ?? 0,
      completion_percentage: target ? percent(words, target) : null,
      words_remaining: target ? Math.max(0, target - words) : null,
    },
    chapters: { total: chapters.length, finished: chaptersDone, by_status: byStatus },
    period: { time_period: timePeriod, start_date: start, end_date: today, days: periodDays },
    sessions: {
      count: inPeriod.length,
      words_written: written,
      words_edited: inPeriod.reduce((sum, s) => sum + s.words_edited, 0),
      net_words: inPeriod.reduce((sum, s) => sum + s.net_words, 0),
      minutes: inPeriod.reduce((sum, s) => sum + (s.duration_minutes ?? 0), 0),
      average_words_per_session: inPeriod.length > 0 ? round(written / inPeriod.length, 1) : null,
      words_per_hour: timedMinutes > 0 ? round((timedWords / timedMinutes) * 60, 1) : null,
    },
  };

  if (input.includeAnalytics) {
    const daily = dailyTotals(inPeriod);
    const writingDays = daily.filter((d) => d.words_written > 0);
    const best = writingDays.reduce<(typeof daily)[number] | undefined>(
      (top, d) => (top === undefined || d.words_written > top.words_written ? d : top),
      undefined,
    );
    const moods = inPeriod.filter((s) => s.mood_rating !== null).map((s) => s.mood_rating ?? 0);
    const perCalendarDay = periodDays > 0 ? written / periodDays : 0;
    const remaining = target ? Math.max(0, target - words) : null;
    let projection: Record<string, unknown> | null = null;
    if (remaining !== null) {
      if (remaining === 0) projection = { words_remaining: 0, target_reached: true };
      else if (perCalendarDay > 0) {
        const daysNeeded = Math.ceil(remaining / perCalendarDay);
        projection = {
          words_remaining: remaining,
          pace_words_per_day: round(perCalendarDay, 1),
          days_needed: daysNeeded,
          projected_completion_date: addDays(today, daysNeeded),
        };
      } else projection = { words_remaining: remaining, pace_words_per_day: 0, days_needed: null, projected_completion_date: null };
    }
    const allWritingDates = dailyTotals(input.sessions)
      .filter((d) => d.words_written > 0)
      .map((d) => d.date);
    const streak = streaks(allWritingDates, today);
    const goals: GoalProgress[] = input.goals.map((goal) =>
      goalProgress(goal, { today, sessions: input.sessions, bookWords: words, chaptersDone }),
    );
    result.analytics = {
      daily,
      writing_days: writingDays.length,
      average_words_per_writing_day: writingDays.length > 0 ? round(written / writingDays.length, 1) : null,
      average_words_per_day: round(perCalendarDay, 1),
      best_day: best ? { date: best.date, words_written: best.words_written } : null,
      current_streak_days: streak.current,
      longest_streak_days: streak.longest,
      average_mood: moods.length > 0 ? round(moods.reduce((a, b) => a + b, 0) / moods.length, 1) : null,
      projection,
      goals,
    };
  }
  return result;
}
