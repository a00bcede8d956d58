import type { Db } from '@mcp-writing/db';
import { notFound } from '@mcp-writing/toolkit';

export interface BookInfo {
  id: number;
  series_id: number;
  title: string;
  book_number: number | null;
  status: string | null;
  target_word_count: number | null;
  actual_word_count: number | null;
  updated_at: Date | null;
}

export function findBook(db: Db, id: number): Promise<BookInfo | undefined> {
  return db
    .selectFrom('books')
    .select(['id', 'series_id', 'title', 'book_number', 'status', 'target_word_count', 'actual_word_count', 'updated_at'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** The book, or a "book N not found" ToolError. */
export async function requireBook(db: Db, id: number): Promise<BookInfo> {
  const book = await findBook(db, id);
  if (!book) throw notFound('book', id);
  return book;
}
