import { sql, type Db, type NewWorldElement, type WorldElementUpdate } from '@mcp-writing/db';
import { containsPattern } from '../fields.js';
import { usageCount } from './usage.js';

export interface WorldElementFilter {
  series_id?: number | undefined;
  element_type?: string | undefined;
  rarity?: string | undefined;
  system_id?: number | undefined;
  search_term?: string | undefined;
}

function elementsQuery(db: Db, filter: WorldElementFilter) {
  let query = db.selectFrom('world_elements');
  if (filter.series_id !== undefined) query = query.where('world_elements.series_id', '=', filter.series_id);
  if (filter.element_type !== undefined) {
    const type = filter.element_type.toLowerCase();
    query = query.where((eb) => eb(eb.fn<string>('lower', ['world_elements.element_type']), '=', type));
  }
  if (filter.rarity !== undefined) {
    const rarity = filter.rarity.toLowerCase();
    query = query.where((eb) => eb(eb.fn<string>('lower', ['world_elements.rarity']), '=', rarity));
  }
  if (filter.system_id !== undefined) query = query.where('world_elements.system_id', '=', filter.system_id);
  if (filter.search_term !== undefined) {
    const pattern = containsPattern(filter.search_term);
    query = query.where((eb) =>
      eb.or([
        eb('world_elements.name', 'ilike', pattern),
        eb('world_elements.description', 'ilike', pattern),
        eb('world_elements.power_source', 'ilike', pattern),
        eb('world_elements.cultural_impact', 'ilike', pattern),
      ]),
    );
  }
  return query;
}

const related = [
  sql<string | null>`(SELECT s.system_name FROM world_systems s WHERE s.id = world_elements.system_id)`.as('system_name'),
  usageCount('world_element', 'world_elements').as('usage_count'),
] as const;

/** World elements by series and name, with their system's name and usage count. */
export function listWorldElements(db: Db, filter: WorldElementFilter, page: { limit: number; offset: number }) {
  return elementsQuery(db, filter)
    .selectAll('world_elements')
    .select([...related])
    .orderBy('world_elements.series_id')
    .orderBy('world_elements.name')
    .orderBy('world_elements.id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
}

export async function countWorldElements(db: Db, filter: WorldElementFilter): Promise<number> {
  const row = await elementsQuery(db, filter).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** One world element with its system's name and usage count. */
export function findWorldElement(db: Db, id: number) {
  return db
    .selectFrom('world_elements')
    .selectAll('world_elements')
    .select([...related])
    .where('world_elements.id', '=', id)
    .executeTakeFirst();
}

export function worldElementRow(db: Db, id: number) {
  return db.selectFrom('world_elements').selectAll().where('id', '=', id).executeTakeFirst();
}

export function insertWorldElement(db: Db, element: NewWorldElement) {
  return db.insertInto('world_elements').values(element).returning('id').executeTakeFirstOrThrow();
}

export function updateWorldElement(db: Db, id: number, changes: WorldElementUpdate) {
  return db.updateTable('world_elements').set(changes).where('id', '=', id).returning('id').executeTakeFirst();
}
