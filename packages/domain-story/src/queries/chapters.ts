import { sql, type ChapterUpdate, type Db, type NewChapter } from '@mcp-writing/db';
import { ToolError } from '@mcp-writing/toolkit';

export interface ChapterFilter {
  status?: string | undefined;
}

/** Scene and word statistics of the row `chapters.id` (book_list_chapters include_stats). */
export interface ChapterStats {
  scene_count: number;
  scene_word_count: number;
  scenes_by_status: Record<string, number>;
  characters_present: number;
  /** word_count as a share of target_word_count, or null without a target. */
  percent_of_target: number | null;
}

const chapterStats = sql<ChapterStats>`(
  SELECT jsonb_build_object(
           'scene_count', count(s.id),
           'scene_word_count', COALESCE(sum(s.word_count), 0),
           'scenes_by_status', COALESCE((
              SELECT jsonb_object_agg(x.status, x.n)
                FROM (SELECT COALESCE(s2.writing_status, 'unknown') AS status, count(*) AS n
                        FROM chapter_scenes s2 WHERE s2.chapter_id = chapters.id
                       GROUP BY COALESCE(s2.writing_status, 'unknown')) x), '{}'::jsonb),
           'characters_present', (SELECT count(*) FROM character_chapter_presence p WHERE p.chapter_id = chapters.id),
           'percent_of_target', CASE WHEN chapters.target_word_count > 0
                                     THEN round(100.0 * COALESCE(chapters.word_count, 0) / chapters.target_word_count, 1)
                                END)
    FROM chapter_scenes s
   WHERE s.chapter_id = chapters.id)`;

const povName = sql<string | null>`(SELECT ch.name FROM characters ch WHERE ch.id = chapters.pov_character_id)`;

/** Validates a chapter status against the writing_statuses lookup (case-insensitively); returns its stored name. */
export async function requireWritingStatus(db: Db, status: string): Promise<string> {
  const rows = await db.selectFrom('writing_statuses').select(['status_name', 'is_active']).orderBy('id').execute();
  const match = rows.find((row) => row.status_name.toLowerCase() === status.toLowerCase());
  if (!match) {
    const valid = rows.filter((row) => row.is_active !== false).map((row) => row.status_name);
    throw new ToolError(`status "${status}" is not a writing status. Valid values: ${valid.join(', ')}.`);
  }
  return match.status_name;
}

function chaptersQuery(db: Db, bookId: number, filter: ChapterFilter) {
  let query = db.selectFrom('chapters').where('chapters.book_id', '=', bookId);
  if (filter.status !== undefined) query = query.where('chapters.status', '=', filter.status);
  return query;
}

/** Chapters of a book in order, with the POV character's name and, if asked, scene statistics. */
export function listChapters(
  db: Db,
  bookId: number,
  filter: ChapterFilter,
  page: { limit: number; offset: number },
  includeStats: boolean,
) {
  return chaptersQuery(db, bookId, filter)
    .selectAll('chapters')
    .select(povName.as('pov_character_name'))
    .$if(includeStats, (qb) => qb.select(chapterStats.as('stats')))
    .orderBy('chapters.chapter_number')
    .orderBy('chapters.id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
}

export async function countChapters(db: Db, bookId: number, filter: ChapterFilter): Promise<number> {
  const row = await chaptersQuery(db, bookId, filter)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The chapters of a book in order, without their long text fields (get_book include_chapters). */
export function chapterOutlineOfBook(db: Db, bookId: number) {
  return db
    .selectFrom('chapters')
    .select([
      'id',
      'chapter_number',
      'title',
      'subtitle',
      'status',
      'summary',
      'word_count',
      'target_word_count',
      'pov_character_id',
      povName.as('pov_character_name'),
      'primary_location',
      'updated_at',
    ])
    .where('book_id', '=', bookId)
    .orderBy('chapter_number')
    .orderBy('id')
    .execute();
}

/** One chapter with its book's title, number and series and the POV character's name. */
export function findChapter(db: Db, id: number) {
  return db
    .selectFrom('chapters')
    .innerJoin('books', 'books.id', 'chapters.book_id')
    .selectAll('chapters')
    .select(['books.title as book_title', 'books.book_number', 'books.series_id', povName.as('pov_character_name')])
    .where('chapters.id', '=', id)
    .executeTakeFirst();
}

/** The chapter of a book holding `chapterNumber`, other than `exceptId`. */
export function chapterWithNumber(db: Db, bookId: number, chapterNumber: number, exceptId?: number) {
  return db
    .selectFrom('chapters')
    .select(['id', 'title'])
    .where('book_id', '=', bookId)
    .where('chapter_number', '=', chapterNumber)
    .$if(exceptId !== undefined, (qb) => qb.where('id', '!=', exceptId ?? 0))
    .executeTakeFirst();
}

export function insertChapter(db: Db, chapter: NewChapter) {
  return db.insertInto('chapters').values(chapter).returning('id').executeTakeFirstOrThrow();
}

export function updateChapter(db: Db, id: number, changes: ChapterUpdate) {
  return db.updateTable('chapters').set(changes).where('id', '=', id).returning(['id', 'book_id']).executeTakeFirst();
}

/** The scenes of a chapter in order, without their full text (scene_content, scene_revisions). */
export function sceneOutlineOfChapter(db: Db, chapterId: number) {
  return db
    .selectFrom('chapter_scenes')
    .select([
      'id',
      'scene_number',
      'scene_title',
      'scene_purpose',
      'scene_type',
      'location',
      'time_of_day',
      'duration',
      'summary',
      'word_count',
      'target_word_count',
      'pov_character_id',
      'scene_participants',
      'writing_status',
      'intensity_level',
      'updated_at',
    ])
    .where('chapter_id', '=', chapterId)
    .orderBy('scene_number')
    .orderBy('id')
    .execute();
}

/**
 * Who appears in a chapter: presence records (with role and state), plus the
 * POV character and scene participants/POVs that have no presence record.
 */
export async function charactersOfChapter(db: Db, chapterId: number) {
  const { rows } = await sql<{
    character_id: number;
    name: string;
    source: 'presence' | 'pov' | 'scene';
    presence_type: string | null;
    importance_level: string | null;
    physical_state: string | null;
    emotional_state: string | null;
    enters_at_scene: number | null;
    exits_at_scene: number | null;
    scene_numbers: number[] | null;
  }>`
    WITH scene_people AS (
      SELECT unnest(COALESCE(s.scene_participants, '{}') || CASE WHEN s.pov_character_id IS NULL THEN '{}'::int[]
                                                                  ELSE ARRAY[s.pov_character_id] END) AS character_id,
             s.scene_number
        FROM chapter_scenes s WHERE s.chapter_id = ${chapterId}
    ),
    by_scene AS (
      SELECT character_id, array_agg(DISTINCT scene_number ORDER BY scene_number) AS scene_numbers
        FROM scene_people GROUP BY character_id
    ),
    people AS (
      SELECT p.character_id, 'presence' AS source FROM character_chapter_presence p WHERE p.chapter_id = ${chapterId}
      UNION
      SELECT c.pov_character_id, 'pov' FROM chapters c WHERE c.id = ${chapterId} AND c.pov_character_id IS NOT NULL
      UNION
      SELECT character_id, 'scene' FROM by_scene
    ),
    ranked AS (
      SELECT DISTINCT ON (character_id) character_id, source
        FROM people
       ORDER BY character_id, CASE source WHEN 'presence' THEN 0 WHEN 'pov' THEN 1 ELSE 2 END
    )
    SELECT r.character_id, ch.name, r.source,
           p.presence_type, p.importance_level, p.physical_state, p.emotional_state,
           p.enters_at_scene, p.exits_at_scene, b.scene_numbers
      FROM ranked r
      JOIN characters ch ON ch.id = r.character_id
      LEFT JOIN character_chapter_presence p ON p.chapter_id = ${chapterId} AND p.character_id = r.character_id
      LEFT JOIN by_scene b ON b.character_id = r.character_id
     ORDER BY ch.name, r.character_id
  `.execute(db);
  return rows;
}
