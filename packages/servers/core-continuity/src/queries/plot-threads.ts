import type { Db } from '@mcp-writing/db';

export interface ThreadFilter {
  series_id: number;
  thread_type_id?: number | undefined;
  current_status_id?: number | undefined;
  book_number?: number | undefined;
  importance_min?: number | undefined;
}

function filtered(db: Db, filter: ThreadFilter) {
  let query = db.selectFrom('plot_threads as t').where('t.series_id', '=', filter.series_id);
  if (filter.thread_type_id !== undefined) query = query.where('t.thread_type_id', '=', filter.thread_type_id);
  if (filter.current_status_id !== undefined) query = query.where('t.current_status_id', '=', filter.current_status_id);
  if (filter.importance_min !== undefined) query = query.where('t.importance_level', '>=', filter.importance_min);
  const n = filter.book_number;
  if (n !== undefined) {
    // Active in book n: started at or before it and not ended before it (open-ended threads run on).
    query = query.where('t.start_book', '<=', n).where((eb) => eb(eb.fn.coalesce('t.end_book', eb.val(n)), '>=', n));
  }
  return query;
}

export function listThreads(db: Db, filter: ThreadFilter, page: { limit: number; offset: number }) {
  return filtered(db, filter)
    .leftJoin('plot_thread_types as ty', 'ty.id', 't.thread_type_id')
    .leftJoin('plot_thread_statuses as st', 'st.id', 't.current_status_id')
    .select([
      't.id',
      't.series_id',
      't.title',
      't.description',
      't.thread_type_id',
      'ty.type_name as thread_type',
      't.current_status_id',
      'st.status_name as current_status',
      't.importance_level',
      't.complexity_level',
      't.start_book',
      't.end_book',
      't.parent_thread_id',
      't.related_characters',
      't.resolution_notes',
      't.resolution_book',
      't.created_at',
      't.updated_at',
    ])
    .orderBy('t.importance_level', (ob) => ob.desc().nullsLast())
    .orderBy('t.start_book', (ob) => ob.asc().nullsLast())
    .orderBy('t.id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
}

export async function countThreads(db: Db, filter: ThreadFilter): Promise<number> {
  const row = await filtered(db, filter).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Relationships touching any of the threads, with the type name and both titles. */
export function threadRelationships(db: Db, threadIds: readonly number[]) {
  if (threadIds.length === 0) return Promise.resolve([]);
  const ids = [...threadIds];
  return db
    .selectFrom('plot_thread_relationships as r')
    .innerJoin('plot_threads as a', 'a.id', 'r.thread_a_id')
    .innerJoin('plot_threads as b', 'b.id', 'r.thread_b_id')
    .leftJoin('relationship_types as rt', 'rt.id', 'r.relationship_type_id')
    .select([
      'r.id',
      'r.thread_a_id',
      'a.title as thread_a_title',
      'r.thread_b_id',
      'b.title as thread_b_title',
      'rt.type_name as relationship_type',
      'r.relationship_description',
      'r.strength',
      'r.established_book',
    ])
    .where((eb) => eb.or([eb('r.thread_a_id', 'in', ids), eb('r.thread_b_id', 'in', ids)]))
    .orderBy('r.id')
    .execute();
}

export function characterNames(db: Db, ids: readonly number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('characters').select(['id', 'name']).where('id', 'in', [...ids]).execute();
}
