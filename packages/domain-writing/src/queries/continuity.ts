import type { Db } from '@mcp-writing/db';

export function booksOfSeries(db: Db, seriesId: number) {
  return db.selectFrom('books').select(['id', 'title', 'book_number']).where('series_id', '=', seriesId).orderBy('book_number').execute();
}

export interface KnowledgeRow {
  id: number;
  character_id: number;
  knowledge_item: string;
  learned_chapter_id: number;
  learned_chapter_number: number;
  learned_book_id: number;
  learned_book_number: number | null;
}

/** Knowledge of the series' characters that records the chapter where it was learned. */
export async function knowledgeWithChapter(db: Db, seriesId: number): Promise<KnowledgeRow[]> {
  const rows = await db
    .selectFrom('character_knowledge as k')
    .innerJoin('characters as ch', 'ch.id', 'k.character_id')
    .innerJoin('chapters as c', 'c.id', 'k.learned_chapter_id')
    .innerJoin('books as b', 'b.id', 'c.book_id')
    .select([
      'k.id',
      'k.character_id',
      'k.knowledge_item',
      'c.id as learned_chapter_id',
      'c.chapter_number as learned_chapter_number',
      'b.id as learned_book_id',
      'b.book_number as learned_book_number',
    ])
    .where('ch.series_id', '=', seriesId)
    .orderBy('k.id')
    .execute();
  return rows;
}

export interface MappingRow {
  id: number;
  event_id: number;
  chapter_id: number;
  scene_number: number | null;
  presentation_type: string | null;
  pov_character_id: number | null;
  event_name: string;
  sort_order: number | null;
  event_series_id: number;
}

export async function eventMappingsOfBook(db: Db, bookId: number): Promise<MappingRow[]> {
  const rows = await db
    .selectFrom('event_chapter_mappings as m')
    .innerJoin('chapters as c', 'c.id', 'm.chapter_id')
    .innerJoin('timeline_events as e', 'e.id', 'm.event_id')
    .select([
      'm.id',
      'e.id as event_id',
      'c.id as chapter_id',
      'm.scene_number',
      'm.presentation_type',
      'm.pov_character_id',
      'e.event_name',
      'e.sort_order',
      'e.series_id as event_series_id',
    ])
    .where('c.book_id', '=', bookId)
    .orderBy('c.chapter_number')
    .orderBy('m.scene_number')
    .orderBy('m.id')
    .execute();
  return rows;
}

export function locationsOfSeries(db: Db, seriesId: number) {
  return db.selectFrom('locations').select(['id', 'name', 'parent_location_id']).where('series_id', '=', seriesId).orderBy('id').execute();
}

/** Location usage records in the book's chapters, with the used location's series (null when it does not exist). */
export function locationUsageOfBook(db: Db, bookId: number) {
  return db
    .selectFrom('world_element_usage as u')
    .innerJoin('chapters as c', 'c.id', 'u.chapter_id')
    .leftJoin('locations as l', 'l.id', 'u.element_id')
    .select(['u.id', 'u.element_id', 'c.id as chapter_id', 'c.chapter_number', 'l.name', 'l.series_id'])
    .where('c.book_id', '=', bookId)
    .where('u.element_type', 'in', ['location', 'locations'])
    .orderBy('c.chapter_number')
    .orderBy('u.id')
    .execute();
}
