import { sql, type Db, type NewScene, type SceneUpdate } from '@mcp-writing/db';
import { notFound, ToolError } from '@mcp-writing/toolkit';

/** Every column but scene_content (which may be chapter-sized), plus its length. */
export const SCENE_SUMMARY_COLUMNS = [
  'chapter_scenes.id',
  'chapter_scenes.chapter_id',
  'chapter_scenes.scene_number',
  'chapter_scenes.scene_title',
  'chapter_scenes.scene_purpose',
  'chapter_scenes.scene_type',
  'chapter_scenes.location',
  'chapter_scenes.time_of_day',
  'chapter_scenes.duration',
  'chapter_scenes.summary',
  'chapter_scenes.word_count',
  'chapter_scenes.target_word_count',
  'chapter_scenes.pov_character_id',
  'chapter_scenes.scene_participants',
  'chapter_scenes.writing_status',
  'chapter_scenes.intensity_level',
  'chapter_scenes.scene_elements',
  'chapter_scenes.notes',
  'chapter_scenes.scene_outline',
  'chapter_scenes.scene_revisions',
  'chapter_scenes.created_at',
  'chapter_scenes.updated_at',
] as const;

const contentLength = sql<number>`coalesce(char_length(chapter_scenes.scene_content), 0)`.as('content_length');

export interface ChapterContext {
  id: number;
  chapter_number: number;
  title: string | null;
  book_id: number;
  series_id: number;
}

export async function requireChapter(db: Db, chapterId: number): Promise<ChapterContext> {
  const chapter = await db
    .selectFrom('chapters as c')
    .innerJoin('books as b', 'b.id', 'c.book_id')
    .select(['c.id', 'c.chapter_number', 'c.title', 'c.book_id', 'b.series_id'])
    .where('c.id', '=', chapterId)
    .executeTakeFirst();
  if (!chapter) throw notFound('chapter', chapterId);
  return chapter;
}

/** The scene's chapter, book and series, or "scene N not found". */
export async function requireSceneContext(db: Db, sceneId: number) {
  const scene = await db
    .selectFrom('chapter_scenes as s')
    .innerJoin('chapters as c', 'c.id', 's.chapter_id')
    .innerJoin('books as b', 'b.id', 'c.book_id')
    .select(['s.id', 's.chapter_id', 's.scene_number', 's.word_count', 'c.chapter_number', 'c.book_id', 'b.series_id'])
    .where('s.id', '=', sceneId)
    .executeTakeFirst();
  if (!scene) throw notFound('scene', sceneId);
  return scene;
}

/**
 * Checks that the characters exist ("character N not found") and belong to
 * the series of the chapter's book (a ToolError naming the field otherwise).
 */
export async function requireSeriesCharacters(db: Db, seriesId: number, ids: readonly number[], field: string): Promise<void> {
  if (ids.length === 0) return;
  const rows = await db.selectFrom('characters').select(['id', 'name', 'series_id']).where('id', 'in', [...ids]).execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  for (const id of ids) {
    const character = byId.get(id);
    if (!character) throw notFound('character', id);
    if (character.series_id !== seriesId) {
      throw new ToolError(`${field}: character ${id} (${character.name}) belongs to series ${character.series_id}, not to series ${seriesId} of this chapter's book.`);
    }
  }
}

export async function requireFreeSceneNumber(db: Db, chapterId: number, sceneNumber: number): Promise<void> {
  const taken = await db
    .selectFrom('chapter_scenes')
    .select('id')
    .where('chapter_id', '=', chapterId)
    .where('scene_number', '=', sceneNumber)
    .executeTakeFirst();
  if (taken) throw duplicateScene(chapterId, sceneNumber, taken.id);
}

export function duplicateScene(chapterId: number, sceneNumber: number, existingId?: number): ToolError {
  return new ToolError(
    `scene_number: chapter ${chapterId} already has a scene number ${sceneNumber}${existingId ? ` (scene ${existingId})` : ''}; choose another number or change that scene with update_scene.`,
    'duplicate',
  );
}

export function isSceneNumberConflict(error: unknown): boolean {
  const e = error as { code?: string; constraint?: string; detail?: string } | null;
  return e?.code === '23505' && /scene_number/.test(`${e.constraint ?? ''} ${e.detail ?? ''}`);
}

export async function insertScene(db: Db, scene: NewScene) {
  const { id } = await db.insertInto('chapter_scenes').values(scene).returning('id').executeTakeFirstOrThrow();
  return findSceneSummary(db, id);
}

export async function updateScene(db: Db, id: number, changes: SceneUpdate) {
  await db.updateTable('chapter_scenes').set(changes).where('id', '=', id).executeTakeFirstOrThrow();
  return findSceneSummary(db, id);
}

async function findSceneSummary(db: Db, id: number) {
  return db.selectFrom('chapter_scenes').select([...SCENE_SUMMARY_COLUMNS, contentLength]).where('id', '=', id).executeTakeFirstOrThrow();
}

export function findSceneWithContent(db: Db, id: number) {
  return db
    .selectFrom('chapter_scenes')
    .innerJoin('chapters', 'chapters.id', 'chapter_scenes.chapter_id')
    .select([
      ...SCENE_SUMMARY_COLUMNS,
      'chapter_scenes.scene_content',
      contentLength,
      'chapters.chapter_number',
      'chapters.title as chapter_title',
      'chapters.book_id',
    ])
    .where('chapter_scenes.id', '=', id)
    .executeTakeFirst();
}

export interface SceneFilter {
  chapterId: number;
  sceneType?: string;
  writingStatus?: string;
}

function filtered(db: Db, filter: SceneFilter) {
  let query = db.selectFrom('chapter_scenes').where('chapter_scenes.chapter_id', '=', filter.chapterId);
  if (filter.sceneType !== undefined) query = query.where('chapter_scenes.scene_type', '=', filter.sceneType);
  if (filter.writingStatus !== undefined) query = query.where('chapter_scenes.writing_status', '=', filter.writingStatus);
  return query;
}

export function listScenes(db: Db, filter: SceneFilter, page: { limit: number; offset: number }) {
  return filtered(db, filter)
    .select([...SCENE_SUMMARY_COLUMNS, contentLength])
    .orderBy('chapter_scenes.scene_number')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
}

/** Light rows of every matching scene (for totals and statistics). */
export function sceneFacts(db: Db, filter: SceneFilter) {
  return filtered(db, filter)
    .select([
      'chapter_scenes.id',
      'chapter_scenes.word_count',
      'chapter_scenes.target_word_count',
      'chapter_scenes.writing_status',
      'chapter_scenes.scene_type',
      'chapter_scenes.scene_purpose',
      'chapter_scenes.intensity_level',
      'chapter_scenes.pov_character_id',
    ])
    .execute();
}

/** Characters with the role they play in one scene (POV, participant). */
export async function sceneCharacters(db: Db, scene: { pov_character_id: number | null; scene_participants: number[] | null }) {
  const ids = [...new Set([scene.pov_character_id, ...(scene.scene_participants ?? [])].filter((id): id is number => id !== null))];
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('characters')
    .select(['id', 'name', 'full_name', 'character_type', 'status'])
    .where('id', 'in', ids)
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => {
    const roles = [...(id === scene.pov_character_id ? ['pov'] : []), ...((scene.scene_participants ?? []).includes(id) ? ['participant'] : [])];
    const character = byId.get(id);
    return { character_id: id, name: character?.name ?? null, full_name: character?.full_name ?? null, character_type: character?.character_type ?? null, status: character?.status ?? null, roles };
  });
}

/** Presence records of the scene's chapter that point at this scene or cover its number. */
export function presenceForScene(db: Db, chapterId: number, sceneId: number, sceneNumber: number) {
  return db
    .selectFrom('character_chapter_presence as p')
    .innerJoin('characters as ch', 'ch.id', 'p.character_id')
    .select(['p.id', 'p.character_id', 'ch.name', 'p.presence_type', 'p.importance_level', 'p.physical_state', 'p.emotional_state', 'p.updated_at'])
    .where('p.chapter_id', '=', chapterId)
    .where((eb) =>
      eb.or([
        eb('p.scene_id', '=', sceneId),
        eb.and([
          eb('p.scene_id', 'is', null),
          eb.or([eb('p.enters_at_scene', 'is', null), eb('p.enters_at_scene', '<=', sceneNumber)]),
          eb.or([eb('p.exits_at_scene', 'is', null), eb('p.exits_at_scene', '>=', sceneNumber)]),
          eb.or([eb('p.enters_at_scene', 'is not', null), eb('p.exits_at_scene', 'is not', null)]),
        ]),
      ]),
    )
    .orderBy('p.id')
    .execute();
}
