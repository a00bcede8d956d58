import type { Db } from '@mcp-writing/db';

/** Arranges story rows directly in the database (tests only). */
export async function seedSeries(db: Db, label: string) {
  const author = await db.insertInto('authors').values({ name: `Author ${label}` }).returning('id').executeTakeFirstOrThrow();
  const series = await db
    .insertInto('series')
    .values({ author_id: author.id, title: `Series ${label}` })
    .returning('id')
    .executeTakeFirstOrThrow();
  return series.id;
}

export async function addBook(db: Db, seriesId: number, bookNumber: number) {
  const book = await db
    .insertInto('books')
    .values({ series_id: seriesId, title: `Book ${bookNumber}`, book_number: bookNumber })
    .returning('id')
    .executeTakeFirstOrThrow();
  return book.id;
}

/** Chapters 1..n of a book; returns their ids in order. */
export async function addChapters(db: Db, bookId: number, n: number) {
  const rows = await db
    .insertInto('chapters')
    .values(Array.from({ length: n }, (_, i) => ({ book_id: bookId, chapter_number: i + 1, title: `Chapter ${i + 1}` })))
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

export async function addCharacter(db: Db, seriesId: number, name: string) {
  const row = await db.insertInto('characters').values({ series_id: seriesId, name }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function addPlotThread(db: Db, seriesId: number, title: string) {
  const row = await db.insertInto('plot_threads').values({ series_id: seriesId, title }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function countRows(db: Db, table: 'characters' | 'character_details' | 'character_arcs' | 'relationship_arcs' | 'relationship_dynamics') {
  const row = await db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A result's text never leaks SQL or a stack trace. */
export const LEAK = /select |insert |update .* set|violates|at .*\.js:\d+/i;
