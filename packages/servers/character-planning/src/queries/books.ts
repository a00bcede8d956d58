import type { Db } from '@mcp-writing/db';

export function findSeries(db: Db, id: number) {
  return db.selectFrom('series').select(['id', 'title']).where('id', '=', id).executeTakeFirst();
}

export function findBook(db: Db, id: number) {
  return db.selectFrom('books').select(['id', 'series_id', 'title', 'book_number']).where('id', '=', id).executeTakeFirst();
}
