import type { CharacterUpdate, Db, NewCharacter } from '@mcp-writing/db';
import { CHARACTER_COLUMNS } from '@mcp-writing/domain-characters';

export interface CharacterFilter {
  series_id: number;
  character_type?: string | undefined;
  status?: string | undefined;
}

function filtered(db: Db, filter: CharacterFilter) {
  let query = db.selectFrom('characters').where('series_id', '=', filter.series_id);
  if (filter.character_type !== undefined) query = query.where('character_type', '=', filter.character_type);
  if (filter.status !== undefined) query = query.where('status', '=', filter.status);
  return query;
}

export function listCharacters(db: Db, filter: CharacterFilter, page: { limit: number; offset: number }) {
  return filtered(db, filter)
    .select(CHARACTER_COLUMNS)
    .orderBy('name')
    .orderBy('id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
}

export async function countCharacters(db: Db, filter: CharacterFilter): Promise<number> {
  const row = await filtered(db, filter)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export function insertCharacter(db: Db, character: NewCharacter) {
  return db.insertInto('characters').values(character).returning(CHARACTER_COLUMNS).executeTakeFirstOrThrow();
}

export function updateCharacter(db: Db, id: number, changes: CharacterUpdate) {
  return db.updateTable('characters').set(changes).where('id', '=', id).returning(CHARACTER_COLUMNS).executeTakeFirst();
}
