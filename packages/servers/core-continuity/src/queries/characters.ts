import type { Db } from '@mcp-writing/db';

export function bookSummary(db: Db, id: number | null) {
  if (id === null) return Promise.resolve(undefined);
  return db.selectFrom('books').select(['id', 'title', 'book_number']).where('id', '=', id).executeTakeFirst();
}

export function seriesSummary(db: Db, id: number) {
  return db.selectFrom('series').select(['id', 'title']).where('id', '=', id).executeTakeFirst();
}

/** How much is recorded about the character, per kind of record. */
export async function characterCounts(db: Db, characterId: number) {
  const row = await db
    .selectNoFrom((eb) => [
      eb.selectFrom('character_details').where('character_id', '=', characterId).select(eb.fn.countAll<string>().as('n')).as('details'),
      eb.selectFrom('character_knowledge').where('character_id', '=', characterId).select(eb.fn.countAll<string>().as('n')).as('knowledge'),
      eb
        .selectFrom('character_chapter_presence')
        .where('character_id', '=', characterId)
        .select(eb.fn.countAll<string>().as('n'))
        .as('chapters'),
    ])
    .executeTakeFirstOrThrow();
  return {
    details_count: Number(row.details ?? 0),
    knowledge_count: Number(row.knowledge ?? 0),
    chapters_present_count: Number(row.chapters ?? 0),
  };
}

export function characterArcs(db: Db, characterId: number) {
  return db
    .selectFrom('character_arcs as a')
    .innerJoin('books as b', 'b.id', 'a.book_id')
    .select([
      'a.id',
      'a.book_id',
      'b.title as book_title',
      'b.book_number',
      'a.arc_name',
      'a.arc_description',
      'a.starting_state',
      'a.ending_state',
      'a.key_events',
      'a.growth_areas',
      'a.updated_at',
    ])
    .where('a.character_id', '=', characterId)
    .orderBy('b.book_number', (ob) => ob.asc().nullsLast())
    .orderBy('b.id')
    .execute();
}

export function characterDetails(db: Db, characterId: number, category?: string) {
  let query = db
    .selectFrom('character_details as d')
    .leftJoin('books as b', 'b.id', 'd.source_book_id')
    .select([
      'd.id',
      'd.category',
      'd.attribute',
      'd.value',
      'd.confidence_level',
      'd.source_book_id',
      'b.title as source_book_title',
      'b.book_number as source_book_number',
      'd.created_at',
      'd.updated_at',
    ])
    .where('d.character_id', '=', characterId);
  if (category !== undefined) {
    const wanted = category.toLowerCase();
    query = query.where((eb) => eb(eb.fn<string>('lower', ['d.category']), '=', wanted));
  }
  return query.orderBy('d.category').orderBy('d.attribute').orderBy('d.id').execute();
}
