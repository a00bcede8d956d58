import { sql, type Db } from '@mcp-writing/db';

/** Words written per day (the 30 most recent days with sessions, newest first). */
export function dailyWritingHistory(db: Db, bookId: number) {
  return db
    .selectFrom('writing_sessions')
    .select([
      sql<string>`to_char(session_date, 'YYYY-MM-DD')`.as('date'),
      sql<number>`coalesce(sum(words_written), 0)::int`.as('words_written'),
      sql<number>`coalesce(sum(words_edited), 0)::int`.as('words_edited'),
      sql<number>`coalesce(sum(net_words), 0)::int`.as('net_words'),
      sql<number>`count(*)::int`.as('sessions'),
    ])
    .where('book_id', '=', bookId)
    .groupBy('session_date')
    .orderBy('session_date', 'desc')
    .limit(30)
    .execute();
}

/** The 30 most recent word count snapshots of the book, newest first. */
export function wordCountSnapshots(db: Db, bookId: number) {
  return db
    .selectFrom('word_count_snapshots')
    .select([
      'id',
      'chapter_id',
      'snapshot_date',
      'snapshot_type',
      'book_word_count',
      'chapter_word_count',
      'scene_word_count',
      'words_added',
      'words_removed',
      'net_change',
      'trigger_event',
    ])
    .where('book_id', '=', bookId)
    .orderBy('snapshot_date', 'desc')
    .orderBy('id', 'desc')
    .limit(30)
    .execute();
}
