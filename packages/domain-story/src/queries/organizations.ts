import { sql, type Db, type NewOrganization, type OrganizationUpdate } from '@mcp-writing/db';
import { containsPattern } from '../fields.js';
import { usageCount } from './usage.js';

export interface OrganizationFilter {
  series_id?: number | undefined;
  organization_type?: string | undefined;
  influence_level_min?: number | undefined;
  influence_level_max?: number | undefined;
  status?: string | undefined;
  search_term?: string | undefined;
}

function organizationsQuery(db: Db, filter: OrganizationFilter) {
  let query = db.selectFrom('organizations');
  if (filter.series_id !== undefined) query = query.where('organizations.series_id', '=', filter.series_id);
  if (filter.organization_type !== undefined) {
    const type = filter.organization_type.toLowerCase();
    query = query.where((eb) => eb(eb.fn<string>('lower', ['organizations.organization_type']), '=', type));
  }
  if (filter.influence_level_min !== undefined) {
    query = query.where('organizations.influence_level', '>=', filter.influence_level_min);
  }
  if (filter.influence_level_max !== undefined) {
    query = query.where('organizations.influence_level', '<=', filter.influence_level_max);
  }
  if (filter.status !== undefined) {
    const status = filter.status.toLowerCase();
    query = query.where((eb) => eb(eb.fn<string>('lower', ['organizations.status']), '=', status));
  }
  if (filter.search_term !== undefined) {
    const pattern = containsPattern(filter.search_term);
    query = query.where((eb) =>
      eb.or([eb('organizations.name', 'ilike', pattern), eb('organizations.description', 'ilike', pattern)]),
    );
  }
  return query;
}

const related = [
  sql<string | null>`(SELECT l.name FROM locations l WHERE l.id = organizations.headquarters_location_id)`.as(
    'headquarters_location_name',
  ),
  sql<string | null>`(SELECT p.name FROM organizations p WHERE p.id = organizations.parent_organization_id)`.as(
    'parent_organization_name',
  ),
  usageCount('organization', 'organizations').as('activity_count'),
] as const;

/** Organizations by series and name, with headquarters and parent names and activity count. */
export function listOrganizations(db: Db, filter: OrganizationFilter, page: { limit: number; offset: number }) {
  return organizationsQuery(db, filter)
    .selectAll('organizations')
    .select([...related])
    .orderBy('organizations.series_id')
    .orderBy('organizations.name')
    .orderBy('organizations.id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
}

export async function countOrganizations(db: Db, filter: OrganizationFilter): Promise<number> {
  const row = await organizationsQuery(db, filter)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** One organization with headquarters and parent names and activity count. */
export function findOrganization(db: Db, id: number) {
  return db
    .selectFrom('organizations')
    .selectAll('organizations')
    .select([...related])
    .where('organizations.id', '=', id)
    .executeTakeFirst();
}

export function organizationRow(db: Db, id: number) {
  return db.selectFrom('organizations').selectAll().where('id', '=', id).executeTakeFirst();
}

export function insertOrganization(db: Db, organization: NewOrganization) {
  return db.insertInto('organizations').values(organization).returning('id').executeTakeFirstOrThrow();
}

export function updateOrganization(db: Db, id: number, changes: OrganizationUpdate) {
  return db.updateTable('organizations').set(changes).where('id', '=', id).returning('id').executeTakeFirst();
}
