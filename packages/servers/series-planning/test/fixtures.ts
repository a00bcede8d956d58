import type { Db, TableName } from '@mcp-writing/db';
import { expect } from 'vitest';

/** Rows arranged directly in the database (the tools under test are not used for setup). */
export async function makeAuthor(db: Db, name = 'Fixture Author') {
  return db.insertInto('authors').values({ name }).returning(['id', 'name']).executeTakeFirstOrThrow();
}

export async function makeSeries(db: Db, title = 'Fixture Series', authorId?: number) {
  const author_id = authorId ?? (await makeAuthor(db)).id;
  return db.insertInto('series').values({ author_id, title }).returning(['id', 'title', 'author_id']).executeTakeFirstOrThrow();
}

export async function makeBook(db: Db, seriesId: number, bookNumber: number, title = `Book ${bookNumber}`) {
  return db
    .insertInto('books')
    .values({ series_id: seriesId, book_number: bookNumber, title })
    .returning(['id', 'series_id', 'book_number'])
    .executeTakeFirstOrThrow();
}

export async function makeCharacter(db: Db, seriesId: number, name: string) {
  return db.insertInto('characters').values({ series_id: seriesId, name }).returning(['id', 'name']).executeTakeFirstOrThrow();
}

export async function rowCount(db: Db, table: TableName): Promise<number> {
  const row = await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A tool message never shows SQL or a stack trace. */
export function expectPlainMessage(text: string): void {
  expect(text).not.toMatch(/select |insert into|update .* set|violates|at .*\.js:\d+/i);
}
