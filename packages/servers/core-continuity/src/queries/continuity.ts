import type { Db } from '@mcp-writing/db';

/** Every chapter of the series in reading order (book number, chapter number). */
export function seriesChapters(db: Db, seriesId: number) {
  return db
    .selectFrom('chapters as c')
    .innerJoin('books as b', 'b.id', 'c.book_id')
    .select([
      'c.id',
      'c.chapter_number',
      'c.title',
      'c.summary',
      'c.primary_location',
      'c.pov_character_id',
      'b.id as book_id',
      'b.book_number',
    ])
    .where('b.series_id', '=', seriesId)
    .orderBy('b.book_number', (ob) => ob.asc().nullsLast())
    .orderBy('b.id')
    .orderBy('c.chapter_number')
    .execute();
}

export type SeriesChapter = Awaited<ReturnType<typeof seriesChapters>>[number];

/**
 * The character's presence records, each with the location they are at: the
 * location of the presence's scene, else of the scene they enter at, else the
 * chapter's primary location.
 */
export function presenceOfCharacter(db: Db, characterId: number) {
  return db
    .selectFrom('character_chapter_presence as p')
    .innerJoin('chapters as c', 'c.id', 'p.chapter_id')
    .leftJoin('chapter_scenes as s', 's.id', 'p.scene_id')
    .leftJoin('chapter_scenes as e', (join) =>
      join.onRef('e.chapter_id', '=', 'p.chapter_id').onRef('e.scene_number', '=', 'p.enters_at_scene'),
    )
    .select((eb) => [
      'p.id',
      'p.chapter_id',
      'p.presence_type',
      'p.physical_state',
      'p.emotional_state',
      eb.fn.coalesce('s.location', 'e.location', 'c.primary_location').as('location'),
      'p.learns_this_chapter',
      'p.reveals_this_chapter',
      'p.suspects_this_chapter',
      'p.character_growth',
      'p.key_decisions',
      'p.mistakes_made',
      'p.goals_in_chapter',
      'p.obstacles_faced',
      'p.notable_appearance_details',
      'p.arrival_method',
      'p.departure_method',
    ])
    .where('p.character_id', '=', characterId)
    .execute();
}

export type PresenceRow = Awaited<ReturnType<typeof presenceOfCharacter>>[number];

export function scenesOfChapters(db: Db, chapterIds: readonly number[]) {
  if (chapterIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('chapter_scenes')
    .select(['id', 'chapter_id', 'scene_number', 'scene_title', 'summary', 'scene_outline', 'notes', 'pov_character_id', 'scene_participants'])
    .where('chapter_id', 'in', [...chapterIds])
    .orderBy('chapter_id')
    .orderBy('scene_number')
    .execute();
}

export type SceneRow = Awaited<ReturnType<typeof scenesOfChapters>>[number];

export function plotPointsOfChapters(db: Db, chapterIds: readonly number[]) {
  if (chapterIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('chapter_plot_points')
    .select([
      'id',
      'chapter_id',
      'plot_point_type',
      'event_description',
      'affects_characters',
      'changes_relationships',
      'reveals_information',
      'creates_conflicts',
      'resolves_conflicts',
      'immediate_consequences',
      'long_term_consequences',
    ])
    .where('chapter_id', 'in', [...chapterIds])
    .orderBy('id')
    .execute();
}

export type PlotPointRow = Awaited<ReturnType<typeof plotPointsOfChapters>>[number];

/** Timeline events shown in the chapters, with whether the character takes part in them. */
export function eventsOfChapters(db: Db, chapterIds: readonly number[], characterId: number) {
  if (chapterIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('event_chapter_mappings as m')
    .innerJoin('timeline_events as t', 't.id', 'm.event_id')
    .select((eb) => [
      'm.id',
      'm.chapter_id',
      'm.event_id',
      't.event_name',
      't.event_description',
      'm.event_aspect',
      'm.narrative_function',
      'm.pov_character_id',
      eb
        .exists(
          eb
            .selectFrom('event_participants as ep')
            .whereRef('ep.event_id', '=', 'm.event_id')
            .where('ep.character_id', '=', characterId)
            .select('ep.id'),
        )
        .as('character_takes_part'),
    ])
    .where('m.chapter_id', 'in', [...chapterIds])
    .orderBy('m.id')
    .execute();
}

export type EventRow = Awaited<ReturnType<typeof eventsOfChapters>>[number];
