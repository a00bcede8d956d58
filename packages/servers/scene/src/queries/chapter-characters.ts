import type { Db } from '@mcp-writing/db';

export function presenceOfChapter(db: Db, chapterId: number) {
  return db
    .selectFrom('character_chapter_presence as p')
    .leftJoin('chapter_scenes as s', 's.id', 'p.scene_id')
    .select([
      'p.id',
      'p.character_id',
      'p.scene_id',
      's.scene_number as scene_number_of_record',
      'p.presence_type',
      'p.importance_level',
      'p.physical_state',
      'p.emotional_state',
      'p.enters_at_scene',
      'p.exits_at_scene',
      'p.updated_at',
    ])
    .where('p.chapter_id', '=', chapterId)
    .orderBy('p.id')
    .execute();
}

export function scenesOfChapter(db: Db, chapterId: number) {
  return db
    .selectFrom('chapter_scenes')
    .select(['id', 'scene_number', 'pov_character_id', 'scene_participants'])
    .where('chapter_id', '=', chapterId)
    .orderBy('scene_number')
    .execute();
}

export function charactersByIds(db: Db, ids: readonly number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('characters')
    .select(['id', 'name', 'full_name', 'character_type', 'status', 'series_id'])
    .where('id', 'in', [...ids])
    .execute();
}
