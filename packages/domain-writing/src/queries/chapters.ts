import type { Db } from '@mcp-writing/db';
import { notFound, ToolError } from '@mcp-writing/toolkit';

/**
 * Checks that every id names a chapter of the book: "chapter 9 not found" for
 * an unknown id, "chapter 9 is not in book 2" for a chapter of another book.
 */
export async function requireChaptersOfBook(db: Db, bookId: number, chapterIds: readonly number[]): Promise<void> {
  if (chapterIds.length === 0) return;
  const rows = await db.selectFrom('chapters').select(['id', 'book_id']).where('id', 'in', [...chapterIds]).execute();
  const found = new Map(rows.map((r) => [r.id, r.book_id]));
  for (const id of chapterIds) {
    const owner = found.get(id);
    if (owner === undefined) throw notFound('chapter', id);
    if (owner !== bookId) throw new ToolError(`chapter ${id} is not in book ${bookId} (it belongs to book ${owner})`, 'invalid');
  }
}
