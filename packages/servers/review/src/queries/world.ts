import type { Db } from '@mcp-writing/db';
import { notFound } from '@mcp-writing/toolkit';

export async function requireSeries(db: Db, id: number) {
  const series = await db.selectFrom('series').select(['id', 'title']).where('id', '=', id).executeTakeFirst();
  if (!series) throw notFound('series', id);
  return series;
}

export interface WorldRow {
  id: number;
  name: string;
  series_id: number | null;
}

export function locationsOfSeries(db: Db, seriesId: number) {
  return db.selectFrom('locations').select(['id', 'name', 'series_id', 'parent_location_id']).where('series_id', '=', seriesId).orderBy('id').execute();
}

export function organizationsOfSeries(db: Db, seriesId: number) {
  return db
    .selectFrom('organizations')
    .select(['id', 'name', 'series_id', 'headquarters_location_id', 'parent_organization_id'])
    .where('series_id', '=', seriesId)
    .orderBy('id')
    .execute();
}

export function elementsOfSeries(db: Db, seriesId: number) {
  return db.selectFrom('world_elements').select(['id', 'name', 'series_id', 'system_id']).where('series_id', '=', seriesId).orderBy('id').execute();
}

export function systemsOfSeries(db: Db, seriesId: number) {
  return db.selectFrom('world_systems').select(['id', 'system_name as name', 'series_id']).where('series_id', '=', seriesId).orderBy('id').execute();
}

export function locationsById(db: Db, ids: readonly number[]): Promise<WorldRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('locations').select(['id', 'name', 'series_id']).where('id', 'in', [...ids]).execute();
}

export function organizationsById(db: Db, ids: readonly number[]): Promise<WorldRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('organizations').select(['id', 'name', 'series_id']).where('id', 'in', [...ids]).execute();
}

export function elementsById(db: Db, ids: readonly number[]): Promise<WorldRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('world_elements').select(['id', 'name', 'series_id']).where('id', 'in', [...ids]).execute();
}

export function systemsById(db: Db, ids: readonly number[]): Promise<WorldRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('world_systems').select(['id', 'system_name as name', 'series_id']).where('id', 'in', [...ids]).execute();
}

export interface UsageRow {
  id: number;
  element_type: string;
  element_id: number;
  book_id: number;
  book_number: number | null;
  book_title: string;
  chapter_id: number | null;
  chapter_book_id: number | null;
  chapter_number: number | null;
  activity_type: string | null;
  importance_level: string | null;
}

/** Usage records of the series' books, with the book's and chapter's numbers. */
export function usageOfSeries(db: Db, seriesId: number): Promise<UsageRow[]> {
  return db
    .selectFrom('world_element_usage as u')
    .innerJoin('books as b', 'b.id', 'u.book_id')
    .leftJoin('chapters as c', 'c.id', 'u.chapter_id')
    .select([
      'u.id',
      'u.element_type',
      'u.element_id',
      'u.book_id',
      'b.book_number',
      'b.title as book_title',
      'u.chapter_id',
      'c.book_id as chapter_book_id',
      'c.chapter_number',
      'u.activity_type',
      'u.importance_level',
    ])
    .where('b.series_id', '=', seriesId)
    .orderBy('b.book_number')
    .orderBy('c.chapter_number')
    .orderBy('u.id')
    .execute();
}
