import { sql, type BookUpdate, type Db, type NewBook } from '@mcp-writing/db';
import { bookGenresJson } from './genres.js';

export interface BookFilter {
  series_id?: number | undefined;
  status?: string | undefined;
}

/** Chapter and word statistics of the row `books.id` (list_books include_stats). */
export interface BookStats {
  chapter_count: number;
  chapter_word_count: number;
  chapter_target_word_count: number;
  chapters_by_status: Record<string, number>;
  scene_count: number;
  /** actual_word_count as a share of target_word_count, or null without a target. */
  percent_of_target: number | null;
}

const bookStats = sql<BookStats>`(
  SELECT jsonb_build_object(
           'chapter_count', count(c.id),
           'chapter_word_count', COALESCE(sum(c.word_count), 0),
           'chapter_target_word_count', COALESCE(sum(c.target_word_count), 0),
           'chapters_by_status', COALESCE((
              SELECT jsonb_object_agg(s.status, s.n)
                FROM (SELECT COALESCE(c2.status, 'unknown') AS status, count(*) AS n
                        FROM chapters c2 WHERE c2.book_id = books.id
                       GROUP BY COALESCE(c2.status, 'unknown')) s), '{}'::jsonb),
           'scene_count', (SELECT count(*) FROM chapter_scenes cs JOIN chapters c3 ON c3.id = cs.chapter_id
                            WHERE c3.book_id = books.id),
           'percent_of_target', CASE WHEN books.target_word_count > 0
                                     THEN round(100.0 * COALESCE(books.actual_word_count, 0) / books.target_word_count, 1)
                                END)
    FROM chapters c
   WHERE c.book_id = books.id)`;

function booksQuery(db: Db, filter: BookFilter) {
  let query = db.selectFrom('books');
  if (filter.series_id !== undefined) query = query.where('books.series_id', '=', filter.series_id);
  if (filter.status !== undefined) query = query.where('books.status', '=', filter.status);
  return query;
}

/** Books by series and number, with genres and, if asked, chapter/word statistics (one query). */
export function listBooks(db: Db, filter: BookFilter, page: { limit: number; offset: number }, includeStats: boolean) {
  return booksQuery(db, filter)
    .innerJoin('series', 'series.id', 'books.series_id')
    .selectAll('books')
    .select(['series.title as series_title', bookGenresJson.as('genres')])
    .$if(includeStats, (qb) => qb.select(bookStats.as('stats')))
    .orderBy('books.series_id')
    .orderBy('books.book_number')
    .orderBy('books.id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
}

export async function countBooks(db: Db, filter: BookFilter): Promise<number> {
  const row = await booksQuery(db, filter).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** One book with its series title, genres and chapter count. */
export function findBook(db: Db, id: number) {
  return db
    .selectFrom('books')
    .innerJoin('series', 'series.id', 'books.series_id')
    .selectAll('books')
    .select([
      'series.title as series_title',
      bookGenresJson.as('genres'),
      sql<number>`(SELECT count(*) FROM chapters c WHERE c.book_id = books.id)`.as('chapter_count'),
    ])
    .where('books.id', '=', id)
    .executeTakeFirst();
}

/** The book of a series holding `bookNumber`, other than `exceptId`. */
export function bookWithNumber(db: Db, seriesId: number, bookNumber: number, exceptId?: number) {
  return db
    .selectFrom('books')
    .select(['id', 'title'])
    .where('series_id', '=', seriesId)
    .where('book_number', '=', bookNumber)
    .$if(exceptId !== undefined, (qb) => qb.where('id', '!=', exceptId ?? 0))
    .executeTakeFirst();
}

export function insertBook(db: Db, book: NewBook) {
  return db.insertInto('books').values(book).returning('id').executeTakeFirstOrThrow();
}

/** Applies `changes` (or only bumps updated_at when there are none); undefined when the book does not exist. */
export function updateBook(db: Db, id: number, changes: BookUpdate) {
  const query = db.updateTable('books').where('id', '=', id);
  const withSet = Object.keys(changes).length > 0 ? query.set(changes) : query.set({ updated_at: sql<Date>`CURRENT_TIMESTAMP` });
  return withSet.returning(['id', 'series_id']).executeTakeFirst();
}

/**
 * Locks the book row until the transaction ends, so that concurrent changes
 * to its chapters' word counts recompute its total one after the other.
 */
export function lockBook(db: Db, id: number) {
  return db.selectFrom('books').select(['id', 'series_id']).where('id', '=', id).forUpdate().executeTakeFirst();
}

/** Sets the book's actual_word_count to the sum of its chapters' word counts. */
export function recomputeBookWordCount(db: Db, bookId: number) {
  return db
    .updateTable('books')
    .set({
      actual_word_count: sql<number>`(SELECT COALESCE(sum(c.word_count), 0) FROM chapters c WHERE c.book_id = ${bookId})`,
    })
    .where('id', '=', bookId)
    .returning(['id', 'actual_word_count', 'updated_at'])
    .executeTakeFirstOrThrow();
}
