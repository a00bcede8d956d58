import type { Db } from '@mcp-writing/db';

export interface PlotPointRow {
  id: number;
  chapter_id: number;
  scene_id: number | null;
  plot_point_type: string | null;
  event_description: string | null;
  occurs_at_scene: number | null;
  affects_characters: number[] | null;
}

export interface PresenceRow {
  id: number;
  character_id: number;
  chapter_id: number;
  scene_id: number | null;
  presence_type: string;
  importance_level: string | null;
  enters_at_scene: number | null;
  exits_at_scene: number | null;
  learns_this_chapter: string[] | null;
  reveals_this_chapter: string[] | null;
}

export function plotPointsOfBook(db: Db, bookId: number): Promise<PlotPointRow[]> {
  return db
    .selectFrom('chapter_plot_points as p')
    .innerJoin('chapters as c', 'c.id', 'p.chapter_id')
    .select(['p.id', 'p.chapter_id', 'p.scene_id', 'p.plot_point_type', 'p.event_description', 'p.occurs_at_scene', 'p.affects_characters'])
    .where('c.book_id', '=', bookId)
    .orderBy('c.chapter_number')
    .orderBy('p.occurs_at_scene')
    .orderBy('p.id')
    .execute();
}

export function presenceOfBook(db: Db, bookId: number): Promise<PresenceRow[]> {
  return db
    .selectFrom('character_chapter_presence as p')
    .innerJoin('chapters as c', 'c.id', 'p.chapter_id')
    .select([
      'p.id',
      'p.character_id',
      'p.chapter_id',
      'p.scene_id',
      'p.presence_type',
      'p.importance_level',
      'p.enters_at_scene',
      'p.exits_at_scene',
      'p.learns_this_chapter',
      'p.reveals_this_chapter',
    ])
    .where('c.book_id', '=', bookId)
    .orderBy('c.chapter_number')
    .orderBy('p.id')
    .execute();
}

export function characterArcsOfBook(db: Db, bookId: number) {
  return db
    .selectFrom('character_arcs as a')
    .innerJoin('characters as ch', 'ch.id', 'a.character_id')
    .select(['a.id', 'a.character_id', 'ch.name', 'a.arc_name', 'a.starting_state', 'a.ending_state'])
    .where('a.book_id', '=', bookId)
    .orderBy('a.id')
    .execute();
}

export interface ThreadRow {
  id: number;
  series_id: number;
  title: string;
  start_book: number | null;
  end_book: number | null;
  parent_thread_id: number | null;
  resolution_book: number | null;
  resolution_notes: string | null;
  status: string | null;
  thread_type: string | null;
}

export function threadsOfSeries(db: Db, seriesId: number): Promise<ThreadRow[]> {
  return db
    .selectFrom('plot_threads as t')
    .leftJoin('plot_thread_statuses as st', 'st.id', 't.current_status_id')
    .leftJoin('plot_thread_types as ty', 'ty.id', 't.thread_type_id')
    .select([
      't.id',
      't.series_id',
      't.title',
      't.start_book',
      't.end_book',
      't.parent_thread_id',
      't.resolution_book',
      't.resolution_notes',
      'st.status_name as status',
      'ty.type_name as thread_type',
    ])
    .where('t.series_id', '=', seriesId)
    .orderBy('t.id')
    .execute();
}

/** Threads by id, whatever their series (to check parents). */
export function threadsById(db: Db, ids: readonly number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('plot_threads').select(['id', 'series_id', 'title']).where('id', 'in', [...ids]).execute();
}

/** Reveals and relationship dynamics of the series' threads that happen in this book's chapters. */
export async function threadActivityInBook(db: Db, bookId: number, seriesId: number) {
  const [reveals, dynamics] = await Promise.all([
    db
      .selectFrom('information_reveals as r')
      .innerJoin('plot_threads as t', 't.id', 'r.plot_thread_id')
      .innerJoin('chapters as c', 'c.id', 'r.revealed_in_chapter')
      .select(['r.id', 'r.plot_thread_id as thread_id', 'c.id as chapter_id', 'r.information_content as label'])
      .where('t.series_id', '=', seriesId)
      .where('c.book_id', '=', bookId)
      .execute(),
    db
      .selectFrom('relationship_dynamics as d')
      .innerJoin('relationship_arcs as a', 'a.id', 'd.arc_id')
      .innerJoin('plot_threads as t', 't.id', 'a.plot_thread_id')
      .innerJoin('chapters as c', 'c.id', 'd.chapter_id')
      .select(['d.id', 'a.plot_thread_id as thread_id', 'c.id as chapter_id', 'd.dynamic_change as label'])
      .where('t.series_id', '=', seriesId)
      .where('c.book_id', '=', bookId)
      .execute(),
  ]);
  return [
    ...reveals.map((r) => ({ kind: 'reveal' as const, id: r.id, thread_id: r.thread_id, chapter_id: r.chapter_id, label: r.label })),
    ...dynamics.map((d) => ({ kind: 'relationship_dynamic' as const, id: d.id, thread_id: d.thread_id, chapter_id: d.chapter_id, label: d.label })),
  ];
}
