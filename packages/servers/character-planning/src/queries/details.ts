import type { Db } from '@mcp-writing/db';

export const DETAIL_COLUMNS = [
  'id',
  'character_id',
  'category',
  'attribute',
  'value',
  'source_book_id',
  'confidence_level',
  'created_at',
  'updated_at',
] as const;

export function findDetail(db: Db, characterId: number, category: string, attribute: string) {
  return db
    .selectFrom('character_details')
    .select(DETAIL_COLUMNS)
    .where('character_id', '=', characterId)
    .where('category', '=', category)
    .where('attribute', '=', attribute)
    .executeTakeFirst();
}

export interface NewDetail {
  character_id: number;
  category: string;
  attribute: string;
  value: string;
  source_book_id?: number | undefined;
  confidence_level?: string | undefined;
}

export function insertDetail(db: Db, detail: NewDetail) {
  return db.insertInto('character_details').values(detail).returning(DETAIL_COLUMNS).executeTakeFirstOrThrow();
}

export function updateDetail(
  db: Db,
  id: number,
  changes: { value: string; source_book_id?: number; confidence_level?: string },
) {
  return db
    .updateTable('character_details')
    .set(changes)
    .where('id', '=', id)
    .returning(DETAIL_COLUMNS)
    .executeTakeFirstOrThrow();
}
