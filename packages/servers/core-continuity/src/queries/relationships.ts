import type { Db } from '@mcp-writing/db';

/**
 * The arc's dynamics in story order: book number, chapter number, scene
 * number, then when recorded. Dynamics without a (still existing) chapter come last.
 */
export function dynamicsOfArc(db: Db, arcId: number) {
  return db
    .selectFrom('relationship_dynamics as d')
    .leftJoin('chapters as c', 'c.id', 'd.chapter_id')
    .leftJoin('books as b', 'b.id', 'c.book_id')
    .leftJoin('chapter_scenes as s', 's.id', 'd.scene_id')
    .select([
      'd.id',
      'd.chapter_id',
      'c.chapter_number',
      'c.title as chapter_title',
      'b.id as book_id',
      'b.book_number',
      'b.title as book_title',
      'd.scene_id',
      's.scene_number',
      'd.dynamic_change',
      'd.tension_change',
      'd.change_type',
      'd.trigger_event',
      'd.created_at',
      'd.updated_at',
    ])
    .where('d.arc_id', '=', arcId)
    .orderBy('b.book_number', (ob) => ob.asc().nullsLast())
    .orderBy('b.id', (ob) => ob.asc().nullsLast())
    .orderBy('c.chapter_number', (ob) => ob.asc().nullsLast())
    .orderBy('s.scene_number', (ob) => ob.asc().nullsFirst())
    .orderBy('d.created_at')
    .orderBy('d.id')
    .execute();
}

export type DynamicRow = Awaited<ReturnType<typeof dynamicsOfArc>>[number];
