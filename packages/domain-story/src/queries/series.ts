import { sql, type Db, type NewSeries, type SeriesUpdate } from '@mcp-writing/db';
import { seriesGenresJson } from './genres.js';

export interface SeriesFilter {
  author_id?: number | undefined;
}

const bookCount = sql<number>`(SELECT count(*) FROM books b WHERE b.series_id = series.id)`;

function seriesQuery(db: Db, filter: SeriesFilter) {
  let query = db.selectFrom('series').innerJoin('authors', 'authors.id', 'series.author_id');
  if (filter.author_id !== undefined) query = query.where('series.author_id', '=', filter.author_id);
  return query;
}

/** Series with their author's name, genres and book count, by title. */
export function listSeries(db: Db, filter: SeriesFilter, page: { limit: number; offset: number }) {
  return seriesQuery(db, filter)
    .selectAll('series')
    .select(['authors.name as author_name', seriesGenresJson.as('genres'), bookCount.as('book_count')])
    .orderBy('series.title')
    .orderBy('series.id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
}

export async function countSeries(db: Db, filter: SeriesFilter): Promise<number> {
  const row = await seriesQuery(db, filter).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** One series with its author's name, genres and book count. */
export function findSeries(db: Db, id: number) {
  return seriesQuery(db, {})
    .selectAll('series')
    .select(['authors.name as author_name', seriesGenresJson.as('genres'), bookCount.as('book_count')])
    .where('series.id', '=', id)
    .executeTakeFirst();
}

/** The books of a series in reading order. */
export function booksOfSeries(db: Db, seriesId: number) {
  return db
    .selectFrom('books')
    .select(['id', 'title', 'book_number', 'status', 'target_word_count', 'actual_word_count', 'publication_year', 'updated_at'])
    .where('series_id', '=', seriesId)
    .orderBy('book_number')
    .orderBy('id')
    .execute();
}

export function insertSeries(db: Db, series: NewSeries) {
  return db.insertInto('series').values(series).returningAll().executeTakeFirstOrThrow();
}

/**
 * Applies `changes` (or only bumps updated_at when there are none, e.g. a
 * genre change); undefined when the series does not exist.
 */
export function updateSeries(db: Db, id: number, changes: SeriesUpdate) {
  const query = db.updateTable('series').where('id', '=', id);
  const withSet = Object.keys(changes).length > 0 ? query.set(changes) : query.set({ updated_at: sql<Date>`CURRENT_TIMESTAMP` });
  return withSet.returningAll().executeTakeFirst();
}
