import type { Db } from '@mcp-writing/db';

export interface KnowledgeFilter {
  knowledge_item?: string | undefined;
  knowledge_category?: string | undefined;
}

/** Escapes LIKE wildcards so user text matches literally. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * The character's knowledge rows with where they were learned: the chapter
 * (learned_chapter_id) and its book, or only the book (learned_book_id) when
 * no chapter is recorded.
 */
export function knowledgeOfCharacter(db: Db, characterId: number, filter: KnowledgeFilter = {}) {
  let query = db
    .selectFrom('character_knowledge as k')
    .leftJoin('chapters as c', 'c.id', 'k.learned_chapter_id')
    .leftJoin('books as b', (join) => join.on((eb) => eb('b.id', '=', eb.fn.coalesce('c.book_id', 'k.learned_book_id'))))
    .select([
      'k.id',
      'k.knowledge_category',
      'k.knowledge_item',
      'k.knowledge_level',
      'k.learned_context',
      'c.id as learned_chapter_id',
      'c.chapter_number as learned_chapter_number',
      'c.title as learned_chapter_title',
      'k.learned_scene',
      'b.id as learned_book_id',
      'b.book_number as learned_book_number',
      'b.title as learned_book_title',
      'k.created_at',
      'k.updated_at',
    ])
    .where('k.character_id', '=', characterId);
  if (filter.knowledge_item !== undefined) {
    query = query.where('k.knowledge_item', 'ilike', `%${escapeLike(filter.knowledge_item)}%`);
  }
  if (filter.knowledge_category !== undefined) {
    const category = filter.knowledge_category.toLowerCase();
    query = query.where((eb) => eb(eb.fn<string>('lower', ['k.knowledge_category']), '=', category));
  }
  return query.orderBy('k.id').execute();
}

export type KnowledgeRow = Awaited<ReturnType<typeof knowledgeOfCharacter>>[number];
