import type { Db } from '@mcp-writing/db';

export interface ChapterRow {
  id: number;
  chapter_number: number;
  title: string | null;
  summary: string | null;
  word_count: number;
  target_word_count: number | null;
  status: string | null;
  pov_character_id: number | null;
  primary_location: string | null;
}

export interface SceneRow {
  id: number;
  chapter_id: number;
  scene_number: number;
  scene_title: string | null;
  scene_type: string | null;
  word_count: number;
  target_word_count: number | null;
  writing_status: string | null;
  pov_character_id: number | null;
  scene_participants: number[];
  location: string | null;
  time_of_day: string | null;
  intensity_level: number | null;
}

export interface CharacterRow {
  id: number;
  series_id: number;
  name: string;
  character_type: string | null;
  status: string | null;
  first_appearance_book_id: number | null;
}

/** The book's chapters in chapter order (word_count 0 when unset). */
export async function chaptersOfBook(db: Db, bookId: number): Promise<ChapterRow[]> {
  const rows = await db
    .selectFrom('chapters')
    .select([
      'id',
      'chapter_number',
      'title',
      'summary',
      'word_count',
      'target_word_count',
      'status',
      'pov_character_id',
      'primary_location',
    ])
    .where('book_id', '=', bookId)
    .orderBy('chapter_number')
    .orderBy('id')
    .execute();
  return rows.map((row) => ({ ...row, word_count: row.word_count ?? 0 }));
}

/** The book's scenes in reading order (chapter, then scene number); scene_content is not loaded. */
export async function scenesOfBook(db: Db, bookId: number): Promise<SceneRow[]> {
  const rows = await db
    .selectFrom('chapter_scenes as s')
    .innerJoin('chapters as c', 'c.id', 's.chapter_id')
    .select([
      's.id',
      's.chapter_id',
      's.scene_number',
      's.scene_title',
      's.scene_type',
      's.word_count',
      's.target_word_count',
      's.writing_status',
      's.pov_character_id',
      's.scene_participants',
      's.location',
      's.time_of_day',
      's.intensity_level',
    ])
    .where('c.book_id', '=', bookId)
    .orderBy('c.chapter_number')
    .orderBy('s.scene_number')
    .execute();
  return rows.map((row) => ({ ...row, word_count: row.word_count ?? 0, scene_participants: row.scene_participants ?? [] }));
}

export function charactersOfSeries(db: Db, seriesId: number): Promise<CharacterRow[]> {
  return db
    .selectFrom('characters')
    .select(['id', 'series_id', 'name', 'character_type', 'status', 'first_appearance_book_id'])
    .where('series_id', '=', seriesId)
    .orderBy('id')
    .execute();
}

/** Characters by id, whatever their series (to name ids found in scene lists). */
export function charactersById(db: Db, ids: readonly number[]): Promise<CharacterRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('characters')
    .select(['id', 'series_id', 'name', 'character_type', 'status', 'first_appearance_book_id'])
    .where('id', 'in', [...ids])
    .execute();
}
