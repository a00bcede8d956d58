import { sql, type Db } from '@mcp-writing/db';

export interface PresenceValues {
  scene_id?: number | undefined;
  presence_type: string;
  importance_level?: string | undefined;
  physical_state?: string | null | undefined;
  emotional_state?: string | null | undefined;
  enters_at_scene?: number | undefined;
  exits_at_scene?: number | undefined;
  learns_this_chapter?: string[] | undefined;
  reveals_this_chapter?: string[] | undefined;
  character_growth?: string | null | undefined;
}

export function sceneRow(db: Db, id: number) {
  return db.selectFrom('chapter_scenes').select(['id', 'chapter_id', 'scene_number']).where('id', '=', id).executeTakeFirst();
}

/**
 * Records a character's presence in a chapter, or updates the record that
 * exists (one per character and chapter; fields not given keep their value).
 */
export function upsertPresence(db: Db, characterId: number, chapterId: number, values: PresenceValues) {
  return db
    .insertInto('character_chapter_presence')
    .values({ character_id: characterId, chapter_id: chapterId, ...values })
    .onConflict((oc) => oc.columns(['character_id', 'chapter_id']).doUpdateSet(values))
    .returningAll()
    .returning(sql<boolean>`(xmax = 0)`.as('created'))
    .executeTakeFirstOrThrow();
}
