import type { Db } from '@mcp-writing/db';

export interface MappingValues {
  scene_number?: number | null;
  presentation_type?: string | null;
  pov_character_id?: number | null;
  event_aspect?: string | null;
  completeness?: string | null;
  narrative_function?: string | null;
}

export interface NewMapping extends MappingValues {
  event_id: number;
  chapter_id: number;
}

/** A mapping with its event's name, its chapter's number and book, and the POV character's name. */
export function findMapping(db: Db, id: number) {
  return db
    .selectFrom('event_chapter_mappings as m')
    .leftJoin('timeline_events as e', 'e.id', 'm.event_id')
    .leftJoin('chapters as c', 'c.id', 'm.chapter_id')
    .leftJoin('books as b', 'b.id', 'c.book_id')
    .leftJoin('characters as p', 'p.id', 'm.pov_character_id')
    .selectAll('m')
    .select([
      'e.event_name',
      'c.chapter_number',
      'c.book_id',
      'b.book_number',
      'p.name as pov_character_name',
    ])
    .where('m.id', '=', id)
    .executeTakeFirst();
}

/** The stored mapping with the series of its event (or, failing that, of its chapter). */
export function mappingRow(db: Db, id: number) {
  return db
    .selectFrom('event_chapter_mappings as m')
    .leftJoin('timeline_events as e', 'e.id', 'm.event_id')
    .leftJoin('chapters as c', 'c.id', 'm.chapter_id')
    .leftJoin('books as b', 'b.id', 'c.book_id')
    .select(['m.id', 'm.event_id', 'm.chapter_id', (eb) => eb.fn.coalesce('e.series_id', 'b.series_id').as('series_id')])
    .where('m.id', '=', id)
    .executeTakeFirst();
}

export function insertMapping(db: Db, mapping: NewMapping) {
  return db.insertInto('event_chapter_mappings').values(mapping).returning('id').executeTakeFirstOrThrow();
}

export function updateMapping(db: Db, id: number, changes: MappingValues) {
  return db.updateTable('event_chapter_mappings').set(changes).where('id', '=', id).returning('id').executeTakeFirst();
}
