import { sql, type Db } from '@mcp-writing/db';
import { selectRelationshipArcs } from '@mcp-writing/domain-characters';

export interface StoredParticipant {
  character_id: number;
  role_in_relationship: string;
  character_name: string;
}

export function findPlotThread(db: Db, id: number) {
  return db.selectFrom('plot_threads').select(['id', 'series_id', 'title']).where('id', '=', id).executeTakeFirst();
}

export interface NewRelationshipArc {
  plot_thread_id: number;
  arc_name: string;
  participants: StoredParticipant[];
  relationship_type: string;
  current_dynamic?: string | undefined;
  development_factors?: string[] | undefined;
  complexity_level?: number | undefined;
}

export async function insertRelationshipArc(db: Db, arc: NewRelationshipArc): Promise<number> {
  const row = await db
    .insertInto('relationship_arcs')
    // jsonb: pg would send a JS array as a PostgreSQL array, so the JSON goes as text.
    .values({ ...arc, participants: JSON.stringify(arc.participants) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface RelationshipArcChanges {
  arc_name?: string | undefined;
  participants?: StoredParticipant[] | undefined;
  relationship_type?: string | undefined;
  current_dynamic?: string | undefined;
  development_factors?: string[] | undefined;
  complexity_level?: number | undefined;
}

export async function updateRelationshipArc(db: Db, id: number, changes: RelationshipArcChanges): Promise<boolean> {
  const { participants, ...rest } = changes;
  const result = await db
    .updateTable('relationship_arcs')
    .set({ ...rest, ...(participants === undefined ? {} : { participants: JSON.stringify(participants) }) })
    .where('id', '=', id)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export interface RelationshipArcFilter {
  plot_thread_id?: number | undefined;
  relationship_type?: string | undefined;
  series_id?: number | undefined;
  character_id?: number | undefined;
}

function filteredArcs<Q extends ReturnType<typeof selectRelationshipArcs>>(query: Q, filter: RelationshipArcFilter): Q {
  let q = query;
  if (filter.plot_thread_id !== undefined) q = q.where('a.plot_thread_id', '=', filter.plot_thread_id) as Q;
  if (filter.relationship_type !== undefined) q = q.where('a.relationship_type', '=', filter.relationship_type) as Q;
  if (filter.series_id !== undefined) q = q.where('t.series_id', '=', filter.series_id) as Q;
  if (filter.character_id !== undefined) {
    const probe = JSON.stringify([{ character_id: filter.character_id }]);
    q = q.where(sql<boolean>`a.participants @> ${probe}::jsonb`) as Q;
  }
  return q;
}

export function listRelationshipArcs(db: Db, filter: RelationshipArcFilter, page: { limit: number; offset: number }) {
  return filteredArcs(selectRelationshipArcs(db), filter)
    .orderBy('a.plot_thread_id')
    .orderBy('a.arc_name')
    .orderBy('a.id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
}

export async function countRelationshipArcs(db: Db, filter: RelationshipArcFilter): Promise<number> {
  const row = await db
    .selectFrom(filteredArcs(selectRelationshipArcs(db), filter).as('x'))
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export function findChapterWithSeries(db: Db, id: number) {
  return db
    .selectFrom('chapters as c')
    .innerJoin('books as b', 'b.id', 'c.book_id')
    .select(['c.id', 'c.chapter_number', 'c.title', 'b.id as book_id', 'b.book_number', 'b.series_id'])
    .where('c.id', '=', id)
    .executeTakeFirst();
}

export function findScene(db: Db, id: number) {
  return db.selectFrom('chapter_scenes').select(['id', 'chapter_id', 'scene_number']).where('id', '=', id).executeTakeFirst();
}

export const DYNAMIC_COLUMNS = [
  'id',
  'arc_id',
  'chapter_id',
  'scene_id',
  'dynamic_change',
  'tension_change',
  'change_type',
  'trigger_event',
  'created_at',
  'updated_at',
] as const;

export interface NewDynamic {
  arc_id: number;
  chapter_id?: number | undefined;
  scene_id?: number | undefined;
  dynamic_change: string;
  tension_change?: number | undefined;
  change_type: string;
  trigger_event?: string | undefined;
}

export function insertDynamic(db: Db, dynamic: NewDynamic) {
  return db.insertInto('relationship_dynamics').values(dynamic).returning(DYNAMIC_COLUMNS).executeTakeFirstOrThrow();
}
