import { sql, type Db } from '@mcp-writing/db';
import { notFound, ToolError } from '@mcp-writing/toolkit';
import { uniqueIds } from '../fields.js';

/** Story tables whose rows belong to one series through their own series_id. */
export type SeriesOwnedTable =
  | 'books'
  | 'characters'
  | 'locations'
  | 'organizations'
  | 'world_elements'
  | 'world_systems'
  | 'plot_threads'
  | 'timeline_events';

/** How messages name a row of each table ("location 12 not found"). */
export const ENTITY_NAMES: Record<SeriesOwnedTable, string> = {
  books: 'book',
  characters: 'character',
  locations: 'location',
  organizations: 'organization',
  world_elements: 'world element',
  world_systems: 'world system',
  plot_threads: 'plot thread',
  timeline_events: 'timeline event',
};

export async function requireSeries(db: Db, id: number) {
  const series = await db.selectFrom('series').select(['id', 'title', 'author_id']).where('id', '=', id).executeTakeFirst();
  if (!series) throw notFound('series', id);
  return series;
}

export async function requireAuthor(db: Db, id: number) {
  const author = await db.selectFrom('authors').select(['id', 'name']).where('id', '=', id).executeTakeFirst();
  if (!author) throw notFound('author', id);
  return author;
}

export async function requireBook(db: Db, id: number) {
  const book = await db
    .selectFrom('books')
    .select(['id', 'series_id', 'book_number', 'title'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!book) throw notFound('book', id);
  return book;
}

/** A chapter with the book and series it belongs to. */
export async function requireChapter(db: Db, id: number) {
  const chapter = await db
    .selectFrom('chapters')
    .innerJoin('books', 'books.id', 'chapters.book_id')
    .select([
      'chapters.id',
      'chapters.book_id',
      'chapters.chapter_number',
      'chapters.title',
      'books.series_id',
      'books.book_number',
      'books.title as book_title',
    ])
    .where('chapters.id', '=', id)
    .executeTakeFirst();
  if (!chapter) throw notFound('chapter', id);
  return chapter;
}

/** The series each row belongs to; rows that do not exist are absent from the map. */
export async function seriesOfRows(db: Db, table: SeriesOwnedTable, ids: readonly number[]): Promise<Map<number, number | null>> {
  if (ids.length === 0) return new Map();
  const { rows } = await sql<{ id: number; series_id: number | null }>`
    SELECT id, series_id FROM ${sql.table(table)} WHERE id = ANY(${[...ids]}::int[])
  `.execute(db);
  return new Map(rows.map((row) => [row.id, row.series_id]));
}

/** The series a row belongs to; "<entity> <id> not found" when it does not exist. */
export async function requireSeriesOf(db: Db, table: SeriesOwnedTable, id: number): Promise<number | null> {
  const found = await seriesOfRows(db, table, [id]);
  if (!found.has(id)) throw notFound(ENTITY_NAMES[table], id);
  return found.get(id) ?? null;
}

/**
 * Checks that every id names a row of `table` in series `seriesId`. The
 * message names the parameter: "character 99 not found (related_characters)".
 */
export async function requireInSeries(
  db: Db,
  table: SeriesOwnedTable,
  ids: number | readonly number[],
  seriesId: number,
  field: string,
): Promise<void> {
  const list = uniqueIds(typeof ids === 'number' ? [ids] : ids);
  const found = await seriesOfRows(db, table, list);
  const entity = ENTITY_NAMES[table];
  const missing = list.filter((id) => !found.has(id));
  if (missing.length > 0) {
    throw new ToolError(`${entity} ${missing.join(', ')} not found (${field}).`, 'not_found');
  }
  for (const id of list) {
    const owner = found.get(id) ?? null;
    if (owner !== seriesId) {
      throw new ToolError(
        `${field}: ${entity} ${id} belongs to ${owner === null ? 'no series' : `series ${owner}`}, not to series ${seriesId}.`,
        'conflict',
      );
    }
  }
}

/** Checks that every id names a chapter of a book of series `seriesId`. */
export async function requireChaptersInSeries(db: Db, ids: readonly number[], seriesId: number, field: string): Promise<void> {
  const list = uniqueIds(ids);
  if (list.length === 0) return;
  const rows = await db
    .selectFrom('chapters')
    .innerJoin('books', 'books.id', 'chapters.book_id')
    .select(['chapters.id', 'books.series_id'])
    .where('chapters.id', 'in', list)
    .execute();
  const found = new Map(rows.map((row) => [row.id, row.series_id]));
  const missing = list.filter((id) => !found.has(id));
  if (missing.length > 0) throw new ToolError(`chapter ${missing.join(', ')} not found (${field}).`, 'not_found');
  for (const id of list) {
    const owner = found.get(id);
    if (owner !== seriesId) {
      throw new ToolError(`${field}: chapter ${id} belongs to series ${owner}, not to series ${seriesId}.`, 'conflict');
    }
  }
}

/** Checks that chapter `chapterId` exists and belongs to book `bookId`. */
export async function requireChapterOfBook(db: Db, chapterId: number, bookId: number, field: string) {
  const chapter = await db
    .selectFrom('chapters')
    .select(['id', 'book_id', 'chapter_number'])
    .where('id', '=', chapterId)
    .executeTakeFirst();
  if (!chapter) throw new ToolError(`chapter ${chapterId} not found (${field}).`, 'not_found');
  if (chapter.book_id !== bookId) {
    throw new ToolError(`${field}: chapter ${chapterId} belongs to book ${chapter.book_id}, not to book ${bookId}.`, 'conflict');
  }
  return chapter;
}
