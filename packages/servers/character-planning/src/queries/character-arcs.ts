import type { Db } from '@mcp-writing/db';

export const CHARACTER_ARC_COLUMNS = [
  'id',
  'character_id',
  'book_id',
  'arc_name',
  'arc_description',
  'starting_state',
  'ending_state',
  'key_events',
  'growth_areas',
  'created_at',
  'updated_at',
] as const;

export function findCharacterArc(db: Db, characterId: number, bookId: number) {
  return db
    .selectFrom('character_arcs')
    .select(['id'])
    .where('character_id', '=', characterId)
    .where('book_id', '=', bookId)
    .executeTakeFirst();
}

export interface NewArc {
  character_id: number;
  book_id: number;
  arc_description: string;
  arc_name?: string | undefined;
  starting_state?: string | undefined;
  ending_state?: string | undefined;
}

export function insertCharacterArc(db: Db, arc: NewArc) {
  return db.insertInto('character_arcs').values(arc).returning(CHARACTER_ARC_COLUMNS).executeTakeFirstOrThrow();
}
