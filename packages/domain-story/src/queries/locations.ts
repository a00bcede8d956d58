import { sql, type Db, type LocationUpdate, type NewLocation } from '@mcp-writing/db';
import { containsPattern } from '../fields.js';
import { usageCount } from './usage.js';

export interface LocationFilter {
  series_id?: number | undefined;
  location_type?: string | undefined;
  parent_location_id?: number | undefined;
  search_term?: string | undefined;
}

function locationsQuery(db: Db, filter: LocationFilter) {
  let query = db.selectFrom('locations');
  if (filter.series_id !== undefined) query = query.where('locations.series_id', '=', filter.series_id);
  if (filter.location_type !== undefined) {
    const type = filter.location_type;
    query = query.where((eb) => eb(eb.fn<string>('lower', ['locations.location_type']), '=', type.toLowerCase()));
  }
  if (filter.parent_location_id !== undefined) {
    query = query.where('locations.parent_location_id', '=', filter.parent_location_id);
  }
  if (filter.search_term !== undefined) {
    const pattern = containsPattern(filter.search_term);
    query = query.where((eb) =>
      eb.or([
        eb('locations.name', 'ilike', pattern),
        eb('locations.description', 'ilike', pattern),
        eb('locations.atmosphere', 'ilike', pattern),
        eb(sql<string>`array_to_string(locations.notable_features, ' ')`, 'ilike', pattern),
      ]),
    );
  }
  return query;
}

const parentName = sql<string | null>`(SELECT p.name FROM locations p WHERE p.id = locations.parent_location_id)`;
const childCount = sql<number>`(SELECT count(*) FROM locations c WHERE c.parent_location_id = locations.id)`;

/** Locations by series and name, with their parent's name, child count and usage count. */
export function listLocations(db: Db, filter: LocationFilter, page: { limit: number; offset: number }) {
  return locationsQuery(db, filter)
    .selectAll('locations')
    .select([
      parentName.as('parent_location_name'),
      childCount.as('child_location_count'),
      usageCount('location', 'locations').as('usage_count'),
    ])
    .orderBy('locations.series_id')
    .orderBy('locations.name')
    .orderBy('locations.id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
}

export async function countLocations(db: Db, filter: LocationFilter): Promise<number> {
  const row = await locationsQuery(db, filter).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** One location with its parent's name, child count and usage count. */
export function findLocation(db: Db, id: number) {
  return db
    .selectFrom('locations')
    .selectAll('locations')
    .select([
      parentName.as('parent_location_name'),
      childCount.as('child_location_count'),
      usageCount('location', 'locations').as('usage_count'),
    ])
    .where('locations.id', '=', id)
    .executeTakeFirst();
}

export function locationRow(db: Db, id: number) {
  return db.selectFrom('locations').selectAll().where('id', '=', id).executeTakeFirst();
}

export function insertLocation(db: Db, location: NewLocation) {
  return db.insertInto('locations').values(location).returning('id').executeTakeFirstOrThrow();
}

export function updateLocation(db: Db, id: number, changes: LocationUpdate) {
  return db.updateTable('locations').set(changes).where('id', '=', id).returning('id').executeTakeFirst();
}
