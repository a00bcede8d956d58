import {
  addDays,
  correlation,
  daysBetween,
  goalProgress,
  minutesOfDay,
  monthStartOf,
  round,
  WEEKDAYS,
  weekdayOf,
  weekStartOf,
  type GoalRow,
  type SessionRow,
} from '@mcp-writing/domain-writing';

export const ANALYSIS_TYPES = ['daily_patterns', 'weekly_trends', 'goal_progress', 'productivity_factors'] as const;
export type AnalysisType = (typeof ANALYSIS_TYPES)[number];

/** Parts of the day by a session's start time: morning 05-12, afternoon 12-17, evening 17-21, night 21-05. */
export const TIMES_OF_DAY = ['morning', 'afternoon', 'evening', 'night'] as const;

export function timeOfDay(start: string | null): (typeof TIMES_OF_DAY)[number] | 'unknown' {
  if (!start) return 'unknown';
  const hour = minutesOfDay(start) / 60;
  if (hour >= 5 && hour < 12) return 'morning';
  if (hour >= 12 && hour < 17) return 'afternoon';
  if (hour >= 17 && hour < 21) return 'evening';
  return 'night';
}

interface Group {
  sessions: number;
  words_written: number;
  minutes: number;
  timedWords: number;
  moods: number[];
}

function group(sessions: readonly SessionRow[]): Group {
  const g: Group = { sessions: 0, words_written: 0, minutes: 0, timedWords: 0, moods: [] };
  for (const s of sessions) {
    g.sessions += 1;
    g.words_written += s.words_written;
    if ((s.duration_minutes ?? 0) > 0) {
      g.minutes += s.duration_minutes ?? 0;
      g.timedWords += s.words_written;
    }
    if (s.mood_rating !== null) g.moods.push(s.mood_rating);
  }
  return g;
}

function describeGroup(g: Group) {
  return {
    sessions: g.sessions,
    words_written: g.words_written,
    minutes: g.minutes,
    average_words_per_session: g.sessions > 0 ? round(g.words_written / g.sessions, 1) : null,
    words_per_hour: g.minutes > 0 ? round((g.timedWords / g.minutes) * 60, 1) : null,
    average_mood: g.moods.length > 0 ? round(g.moods.reduce((a, b) => a + b, 0) / g.moods.length, 2) : null,
  };
}

function best<T extends { words_written: number; sessions: number }>(rows: readonly T[]): T | null {
  return rows.reduce<T | null>((m, r) => (r.sessions > 0 && (m === null || r.words_written > m.words_written) ? r : m), null);
}

export interface ProductivityInput {
  book: { id: number; title: string };
  type: AnalysisType;
  range: { start_date: string | null; end_date: string };
  /** Sessions within the range, oldest first. */
  sessions: readonly SessionRow[];
  /** For goal_progress: active goals, every session of the book up to today, the book's words and finished chapters. */
  goals: readonly GoalRow[];
  allSessions: readonly SessionRow[];
  today: string;
  bookWords: number;
  chaptersDone: number;
}

export function productivityAnalytics(input: ProductivityInput) {
  const { sessions } = input;
  const dates = [...new Set(sessions.map((s) => s.session_date))];
  const total = group(sessions);
  const result: Record<string, unknown> = {
    book: input.book,
    analysis_type: input.type,
    date_range: { start_date: input.range.start_date ?? sessions[0]?.session_date ?? null, end_date: input.range.end_date },
    summary: { ...describeGroup(total), writing_days: dates.length },
  };
  switch (input.type) {
    case 'daily_patterns': {
      const order = [1, 2, 3, 4, 5, 6, 0];
      const byWeekday = order.map((day) => ({
        weekday: WEEKDAYS[day],
        ...describeGroup(group(sessions.filter((s) => weekdayOf(s.session_date) === day))),
      }));
      const byTime = [...TIMES_OF_DAY, 'unknown' as const].map((part) => ({
        time_of_day: part,
        ...describeGroup(group(sessions.filter((s) => timeOfDay(s.start_time) === part))),
      }));
      result.by_weekday = byWeekday;
      result.by_time_of_day = byTime.filter((t) => t.time_of_day !== 'unknown' || t.sessions > 0);
      result.best_weekday = best(byWeekday)?.weekday ?? null;
      result.best_time_of_day = best(byTime.filter((t) => t.time_of_day !== 'unknown'))?.time_of_day ?? null;
      break;
    }
    case 'weekly_trends': {
      const first = sessions[0]?.session_date;
      const weeks: { week_start: string; sessions: number; words_written: number; minutes: number; change_from_previous_week: number | null; change_percentage: number | null }[] = [];
      if (first) {
        for (let week = weekStartOf(input.range.start_date ?? first); week <= input.range.end_date; week = addDays(week, 7)) {
          const g = group(sessions.filter((s) => weekStartOf(s.session_date) === week));
          const previous = weeks[weeks.length - 1];
          weeks.push({
            week_start: week,
            sessions: g.sessions,
            words_written: g.words_written,
            minutes: g.minutes,
            change_from_previous_week: previous ? g.words_written - previous.words_written : null,
            change_percentage: previous && previous.words_written > 0 ? round(((g.words_written - previous.words_written) / previous.words_written) * 100, 1) : null,
          });
        }
      }
      const mean = weeks.length > 0 ? weeks.reduce((s, w) => s + w.words_written, 0) / weeks.length : 0;
      const slope = correlationSlope(weeks.map((w, i) => [i, w.words_written] as const));
      result.weeks = weeks;
      result.average_words_per_week = round(mean, 1);
      result.best_week = best(weeks)?.week_start ?? null;
      result.trend =
        weeks.length < 2 ? 'not_enough_data' : slope === null || Math.abs(slope) < 0.05 * Math.max(mean, 1) ? 'steady' : slope > 0 ? 'rising' : 'falling';
      result.trend_words_per_week = slope === null ? null : round(slope, 1);
      break;
    }
    case 'goal_progress': {
      const perDay = new Map<string, number>();
      for (const s of sessions) perDay.set(s.session_date, (perDay.get(s.session_date) ?? 0) + s.words_written);
      const sumBy = (key: (date: string) => string) => {
        const m = new Map<string, number>();
        for (const [date, words] of perDay) m.set(key(date), (m.get(key(date)) ?? 0) + words);
        return m;
      };
      const periods: Record<string, Map<string, number>> = {
        daily_words: perDay,
        weekly_words: sumBy(weekStartOf),
        monthly_words: sumBy(monthStartOf),
      };
      result.goals = input.goals.map((goal) => {
        const progress = goalProgress(goal, { today: input.today, sessions: input.allSessions, bookWords: input.bookWords, chaptersDone: input.chaptersDone });
        const byPeriod = periods[goal.goal_type];
        const inRange = byPeriod
          ? {
              periods_with_writing: byPeriod.size,
              periods_meeting_target: [...byPeriod.values()].filter((w) => w >= goal.target_value).length,
              best_period: [...byPeriod.entries()].reduce<{ start: string; words: number } | null>((m, [start, words]) => (m === null || words > m.words ? { start, words } : m), null),
            }
          : null;
        return { ...progress, in_date_range: inRange };
      });
      result.active_goals = input.goals.length;
      break;
    }
    case 'productivity_factors': {
      const bands = [
        { mood_band: 'low (1-3)', test: (m: number) => m <= 3 },
        { mood_band: 'medium (4-6)', test: (m: number) => m >= 4 && m <= 6 },
        { mood_band: 'high (7-10)', test: (m: number) => m >= 7 },
      ];
      result.by_mood = bands.map((b) => ({ mood_band: b.mood_band, ...describeGroup(group(sessions.filter((s) => s.mood_rating !== null && b.test(s.mood_rating)))) }));
      result.mood_words_correlation = correlation(sessions.filter((s) => s.mood_rating !== null).map((s) => [s.mood_rating ?? 0, s.words_written] as const));
      result.mood_by_time_of_day = [...TIMES_OF_DAY, 'unknown' as const]
        .map((part) => ({ time_of_day: part, ...describeGroup(group(sessions.filter((s) => timeOfDay(s.start_time) === part))) }))
        .filter((t) => t.sessions > 0);
      const lengths = [
        { session_length: 'short (under 30 min)', test: (d: number) => d < 30 },
        { session_length: 'medium (30-90 min)', test: (d: number) => d >= 30 && d <= 90 },
        { session_length: 'long (over 90 min)', test: (d: number) => d > 90 },
      ];
      result.by_session_length = lengths.map((l) => ({
        session_length: l.session_length,
        ...describeGroup(group(sessions.filter((s) => (s.duration_minutes ?? 0) > 0 && l.test(s.duration_minutes ?? 0)))),
      }));
      const timed = (result.mood_by_time_of_day as { time_of_day: string; words_per_hour: number | null }[]).filter((t) => t.time_of_day !== 'unknown' && t.words_per_hour !== null);
      result.most_productive_time_of_day = timed.reduce<{ time_of_day: string; words_per_hour: number | null } | null>((m, t) => (m === null || (t.words_per_hour ?? 0) > (m.words_per_hour ?? 0) ? t : m), null)?.time_of_day ?? null;
      break;
    }
  }
  if (input.range.start_date) result.date_range = { ...(result.date_range as object), days: daysBetween(input.range.start_date, input.range.end_date) + 1 };
  return result;
}

/** Least-squares slope of y over x, or null with fewer than two points. */
function correlationSlope(points: readonly (readonly [number, number])[]): number | null {
  if (points.length < 2) return null;
  const n = points.length;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (const [x, y] of points) {
    sxy += (x - mx) * (y - my);
    sxx += (x - mx) ** 2;
  }
  return sxx === 0 ? null : sxy / sxx;
}
