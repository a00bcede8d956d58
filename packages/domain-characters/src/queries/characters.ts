import type { Db } from '@mcp-writing/db';

export const CHARACTER_COLUMNS = [
  'id',
  'series_id',
  'name',
  'full_name',
  'aliases',
  'character_type',
  'first_appearance_book_id',
  'last_appearance_book_id',
  'status',
  'created_at',
  'updated_at',
] as const;

export function findCharacter(db: Db, id: number) {
  return db.selectFrom('characters').select(CHARACTER_COLUMNS).where('id', '=', id).executeTakeFirst();
}

export type CharacterRow = NonNullable<Awaited<ReturnType<typeof findCharacter>>>;

/** id, name and series of each listed character that exists. */
export function findCharactersByIds(db: Db, ids: readonly number[]) {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('characters')
    .select(['id', 'name', 'series_id'])
    .where('id', 'in', [...ids])
    .execute();
}
