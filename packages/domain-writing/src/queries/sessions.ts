import { sql, type Db } from '@mcp-writing/db';

export interface SessionRow {
  id: number;
  session_date: string;
  start_time: string | null;
  end_time: string | null;
  duration_minutes: number | null;
  words_written: number;
  words_edited: number;
  net_words: number;
  mood_rating: number | null;
}

export interface GoalRow {
  id: number;
  goal_type: string;
  target_value: number;
  start_date: string | null;
  target_date: string;
  description: string | null;
  active: boolean | null;
  completed: boolean | null;
  updated_at: Date | null;
}

/** Sessions of a book, oldest first, optionally within [from, to] (inclusive, YYYY-MM-DD). */
export async function sessionsOfBook(db: Db, bookId: number, range: { from?: string | null; to?: string | null } = {}): Promise<SessionRow[]> {
  let query = db
    .selectFrom('writing_sessions')
    .select([
      'id',
      sql<string>`to_char(session_date, 'YYYY-MM-DD')`.as('session_date'),
      sql<string | null>`to_char(start_time, 'HH24:MI:SS')`.as('start_time'),
      sql<string | null>`to_char(end_time, 'HH24:MI:SS')`.as('end_time'),
      'duration_minutes',
      'words_written',
      'words_edited',
      'net_words',
      'mood_rating',
    ])
    .where('book_id', '=', bookId);
  if (range.from) query = query.where('session_date', '>=', sql<Date>`${range.from}::date`);
  if (range.to) query = query.where('session_date', '<=', sql<Date>`${range.to}::date`);
  const rows = await query.orderBy('writing_sessions.session_date').orderBy('writing_sessions.start_time').orderBy('id').execute();
  return rows.map((row) => ({
    ...row,
    words_written: row.words_written ?? 0,
    words_edited: row.words_edited ?? 0,
    net_words: row.net_words ?? 0,
  }));
}

export function activeGoalsOfBook(db: Db, bookId: number): Promise<GoalRow[]> {
  return db
    .selectFrom('writing_goals')
    .select([
      'id',
      'goal_type',
      'target_value',
      sql<string | null>`to_char(start_date, 'YYYY-MM-DD')`.as('start_date'),
      sql<string>`to_char(target_date, 'YYYY-MM-DD')`.as('target_date'),
      'description',
      'active',
      'completed',
      'updated_at',
    ])
    .where('book_id', '=', bookId)
    .where('active', 'is not', false)
    .orderBy('writing_goals.target_date')
    .orderBy('id')
    .execute();
}

/** Statuses that mean a chapter is finished (chapters.status is free text). */
export const DONE_CHAPTER_STATUSES = ['final', 'complete', 'completed', 'done', 'published'] as const;

export function isDoneStatus(status: string | null | undefined): boolean {
  return status !== null && status !== undefined && (DONE_CHAPTER_STATUSES as readonly string[]).includes(status.trim().toLowerCase());
}
