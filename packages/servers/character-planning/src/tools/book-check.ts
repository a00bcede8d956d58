import type { Db } from '@mcp-writing/db';
import { notFound, ToolError } from '@mcp-writing/toolkit';
import { findBook } from '../queries/books.js';

/** The book must exist and belong to the series (a character's books are books of its series). */
export async function requireBookOfSeries(db: Db, field: string, bookId: number, seriesId: number): Promise<void> {
  const book = await findBook(db, bookId);
  if (!book) throw notFound('book', bookId);
  if (book.series_id !== seriesId) {
    throw new ToolError(`${field}: book ${bookId} belongs to series ${book.series_id}, not to series ${seriesId}.`);
  }
}
