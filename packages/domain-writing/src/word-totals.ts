import { sql, type Db } from '@mcp-writing/db';

export interface WordTotals {
  chapter: { id: number; word_count: number; updated_at: Date | null };
  book: { id: number; actual_word_count: number; updated_at: Date | null };
}

/**
 * Keeps the totals right after a scene's word count changed: the chapter's
 * word_count becomes the sum of its scenes', and the book's actual_word_count
 * the sum of its chapters'. Call it with the transaction that wrote the scene.
 */
export async function recomputeWordTotals(trx: Db, chapterId: number): Promise<WordTotals> {
  const chapter = await trx
    .updateTable('chapters')
    .set({
      word_count: sql<number>`(select coalesce(sum(s.word_count), 0) from chapter_scenes s where s.chapter_id = chapters.id)`,
    })
    .where('id', '=', chapterId)
    .returning(['id', 'book_id', 'word_count', 'updated_at'])
    .executeTakeFirstOrThrow();
  const book = await trx
    .updateTable('books')
    .set({
      actual_word_count: sql<number>`(select coalesce(sum(c.word_count), 0) from chapters c where c.book_id = books.id)`,
    })
    .where('id', '=', chapter.book_id)
    .returning(['id', 'actual_word_count', 'updated_at'])
    .executeTakeFirstOrThrow();
  return {
    chapter: { id: chapter.id, word_count: chapter.word_count ?? 0, updated_at: chapter.updated_at },
    book: { id: book.id, actual_word_count: book.actual_word_count ?? 0, updated_at: book.updated_at },
  };
}
