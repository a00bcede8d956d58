import type { Db } from '@mcp-writing/db';

/** Where a chapter sits in its series: book (and its number), chapter number. */
export interface ChapterPosition {
  chapter_id: number;
  chapter_number: number;
  chapter_title: string | null;
  book_id: number;
  book_number: number | null;
  book_title: string;
  series_id: number;
}

export function findChapterPosition(db: Db, chapterId: number): Promise<ChapterPosition | undefined> {
  return db
    .selectFrom('chapters as c')
    .innerJoin('books as b', 'b.id', 'c.book_id')
    .select([
      'c.id as chapter_id',
      'c.chapter_number',
      'c.title as chapter_title',
      'b.id as book_id',
      'b.book_number',
      'b.title as book_title',
      'b.series_id',
    ])
    .where('c.id', '=', chapterId)
    .executeTakeFirst();
}

/** Sort key of a book in its series: book_number, then id (books without a number go last). */
function bookKey(book: { book_number: number | null; book_id: number }): [number, number] {
  return [book.book_number ?? Number.MAX_SAFE_INTEGER, book.book_id];
}

/** Compares two books by reading order (negative: a comes first). */
export function compareBooks(
  a: { book_number: number | null; book_id: number },
  b: { book_number: number | null; book_id: number },
): number {
  const [an, ai] = bookKey(a);
  const [bn, bi] = bookKey(b);
  return an - bn || ai - bi;
}

/**
 * Compares two chapters by reading order: the book's number in the series,
 * then the chapter number (negative: a comes first).
 */
export function compareChapters(
  a: { book_number: number | null; book_id: number; chapter_number: number },
  b: { book_number: number | null; book_id: number; chapter_number: number },
): number {
  return compareBooks(a, b) || a.chapter_number - b.chapter_number;
}
