import { type Db, type NewWorldSystem } from '@mcp-writing/db';

/** The system of a series with this name (case-insensitive), if any. */
export function worldSystemNamed(db: Db, seriesId: number, systemName: string) {
  return db
    .selectFrom('world_systems')
    .select(['id', 'system_name'])
    .where('series_id', '=', seriesId)
    .where((eb) => eb(eb.fn<string>('lower', ['system_name']), '=', systemName.toLowerCase()))
    .executeTakeFirst();
}

export function insertWorldSystem(db: Db, system: NewWorldSystem) {
  return db.insertInto('world_systems').values(system).returningAll().executeTakeFirstOrThrow();
}
