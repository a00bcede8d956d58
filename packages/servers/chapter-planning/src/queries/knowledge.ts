import { sql, type Db } from '@mcp-writing/db';
import { containsPattern } from '@mcp-writing/domain-story';

export interface NewKnowledge {
  character_id: number;
  knowledge_category: string;
  knowledge_item: string;
  knowledge_level: string;
  learned_book_id: number;
  learned_chapter_id: number;
  learned_scene?: number | null | undefined;
  learned_context?: string | null | undefined;
}

export function characterRow(db: Db, id: number) {
  return db.selectFrom('characters').select(['id', 'series_id', 'name']).where('id', '=', id).executeTakeFirst();
}

export function insertKnowledge(db: Db, knowledge: NewKnowledge) {
  return db.insertInto('character_knowledge').values(knowledge).returningAll().executeTakeFirstOrThrow();
}

export interface KnowerRow {
  knowledge_id: number;
  character_id: number;
  name: string;
  knowledge_category: string;
  knowledge_item: string;
  knowledge_level: string | null;
  learned_book_id: number | null;
  book_number: number | null;
  learned_chapter_id: number | null;
  chapter_number: number | null;
  learned_scene: number | null;
  learned_context: string | null;
  updated_at: Date | null;
}

/**
 * Characters of a series with knowledge matching `item` (case-insensitive
 * substring), each with their latest state per item: the record learned
 * last in story order (book number, chapter number, scene; records without a
 * chapter or book count as known from before the story). With `level`, only
 * characters whose latest state is that level.
 */
export async function charactersWhoKnow(db: Db, seriesId: number, item: string, level?: string): Promise<KnowerRow[]> {
  const pattern = containsPattern(item);
  const { rows } = await sql<KnowerRow>`
    WITH latest AS (
      SELECT DISTINCT ON (k.character_id, lower(k.knowledge_item))
             k.id AS knowledge_id, k.character_id, c.name, k.knowledge_category, k.knowledge_item,
             COALESCE(k.knowledge_level, 'knows') AS knowledge_level,
             COALESCE(ch.book_id, k.learned_book_id) AS learned_book_id, b.book_number,
             k.learned_chapter_id, ch.chapter_number, k.learned_scene, k.learned_context, k.updated_at
        FROM character_knowledge k
        JOIN characters c ON c.id = k.character_id
        LEFT JOIN chapters ch ON ch.id = k.learned_chapter_id
        LEFT JOIN books b ON b.id = COALESCE(ch.book_id, k.learned_book_id)
       WHERE c.series_id = ${seriesId}
         AND k.knowledge_item ILIKE ${pattern}
       ORDER BY k.character_id, lower(k.knowledge_item),
                b.book_number DESC NULLS LAST, ch.chapter_number DESC NULLS LAST,
                k.learned_scene DESC NULLS LAST, k.created_at DESC NULLS LAST, k.id DESC
    )
    SELECT * FROM latest
     WHERE ${level === undefined ? sql`TRUE` : sql`knowledge_level = ${level}`}
     ORDER BY name, character_id, knowledge_item
  `.execute(db);
  return rows;
}
