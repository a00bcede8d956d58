import type { Db, NewAuthor, AuthorUpdate } from '@mcp-writing/db';

const AUTHOR_COLUMNS = ['id', 'name', 'email', 'bio', 'birth_year', 'created_at', 'updated_at'] as const;

export function listAuthors(db: Db, page: { limit: number; offset: number }) {
  return db
    .selectFrom('authors')
    .select([...AUTHOR_COLUMNS, (eb) => eb.selectFrom('series').whereRef('series.author_id', '=', 'authors.id').select(eb.fn.countAll<number>().as('n')).as('series_count')])
    .orderBy('name')
    .orderBy('id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
}

export async function countAuthors(db: Db): Promise<number> {
  const row = await db.selectFrom('authors').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export function findAuthor(db: Db, id: number) {
  return db.selectFrom('authors').select(AUTHOR_COLUMNS).where('id', '=', id).executeTakeFirst();
}

export function seriesOfAuthor(db: Db, authorId: number) {
  return db
    .selectFrom('series')
    .select(['id', 'title', 'status', 'start_year', 'description', 'updated_at'])
    .where('author_id', '=', authorId)
    .orderBy('start_year')
    .orderBy('id')
    .execute();
}

export function insertAuthor(db: Db, author: NewAuthor) {
  return db.insertInto('authors').values(author).returning(AUTHOR_COLUMNS).executeTakeFirstOrThrow();
}

export function updateAuthor(db: Db, id: number, changes: AuthorUpdate) {
  return db.updateTable('authors').set(changes).where('id', '=', id).returning(AUTHOR_COLUMNS).executeTakeFirst();
}
