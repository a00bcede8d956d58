import { sql, type Db } from '@mcp-writing/db';

export interface NewSession {
  book_id: number;
  chapter_id: number | null;
  session_date: string;
  start_time?: string;
  end_time?: string;
  duration_minutes: number | null;
  words_written: number;
  words_edited: number;
  net_words: number;
  session_notes?: string;
  mood_rating?: number;
}

export const SESSION_COLUMNS = [
  'id',
  'book_id',
  'chapter_id',
  sql<string>`to_char(session_date, 'YYYY-MM-DD')`.as('session_date'),
  sql<string | null>`to_char(start_time, 'HH24:MI:SS')`.as('start_time'),
  sql<string | null>`to_char(end_time, 'HH24:MI:SS')`.as('end_time'),
  'duration_minutes',
  'words_written',
  'words_edited',
  'net_words',
  'session_type',
  'mood_rating',
  'session_notes',
  'created_at',
  'updated_at',
] as const;

export async function insertSession(db: Db, session: NewSession) {
  return db.insertInto('writing_sessions').values(session).returning(SESSION_COLUMNS).executeTakeFirstOrThrow();
}

export function insertSessionChapters(db: Db, rows: { session_id: number; chapter_id: number; words_written_on_chapter: number }[]) {
  if (rows.length === 0) return Promise.resolve([]);
  return db.insertInto('session_chapters').values(rows).returning(['id', 'chapter_id', 'words_written_on_chapter']).execute();
}

export function chapterNumbers(db: Db, ids: readonly number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('chapters').select(['id', 'chapter_number']).where('id', 'in', [...ids]).execute();
}
