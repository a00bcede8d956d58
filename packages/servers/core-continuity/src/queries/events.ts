import type { Db } from '@mcp-writing/db';

export function findEvent(db: Db, id: number) {
  return db
    .selectFrom('timeline_events')
    .select([
      'id',
      'series_id',
      'event_name',
      'event_description',
      'event_date',
      'book_id',
      'time_period',
      'significance',
      'is_public_knowledge',
      'updated_at',
    ])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Where the event is shown, in reading order (book number, chapter number, scene number). */
export function mappingsOfEvent(db: Db, eventId: number) {
  return db
    .selectFrom('event_chapter_mappings as m')
    .leftJoin('chapters as c', 'c.id', 'm.chapter_id')
    .leftJoin('books as b', 'b.id', 'c.book_id')
    .leftJoin('characters as p', 'p.id', 'm.pov_character_id')
    .select([
      'm.id',
      'm.event_id',
      'm.chapter_id',
      'c.chapter_number',
      'c.title as chapter_title',
      'b.id as book_id',
      'b.book_number',
      'b.title as book_title',
      'm.scene_number',
      'm.presentation_type',
      'm.pov_character_id',
      'p.name as pov_character_name',
      'm.event_aspect',
      'm.completeness',
      'm.narrative_function',
      'm.created_at',
      'm.updated_at',
    ])
    .where('m.event_id', '=', eventId)
    .orderBy('b.book_number', (ob) => ob.asc().nullsLast())
    .orderBy('b.id', (ob) => ob.asc().nullsLast())
    .orderBy('c.chapter_number', (ob) => ob.asc().nullsLast())
    .orderBy('m.scene_number', (ob) => ob.asc().nullsFirst())
    .orderBy('m.id')
    .execute();
}
