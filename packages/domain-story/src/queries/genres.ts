import { sql, type Db } from '@mcp-writing/db';
import { ToolError } from '@mcp-writing/toolkit';
import { uniqueIds } from '../fields.js';

/** A genre as tools return it. */
export interface GenreRef {
  id: number;
  genre_name: string;
}

/** Genres of the row `series.id` as a JSON array (for a select list over series). */
export const seriesGenresJson = sql<GenreRef[]>`COALESCE((
  SELECT jsonb_agg(jsonb_build_object('id', g.id, 'genre_name', g.genre_name) ORDER BY g.genre_name, g.id)
    FROM series_genres sg JOIN genres g ON g.id = sg.genre_id
   WHERE sg.series_id = series.id), '[]'::jsonb)`;

/** Genres of the row `books.id` as a JSON array (for a select list over books). */
export const bookGenresJson = sql<GenreRef[]>`COALESCE((
  SELECT jsonb_agg(jsonb_build_object('id', g.id, 'genre_name', g.genre_name) ORDER BY g.genre_name, g.id)
    FROM book_genres bg JOIN genres g ON g.id = bg.genre_id
   WHERE bg.book_id = books.id), '[]'::jsonb)`;

/**
 * Checks that every genre id exists; returns the ids without repeats. The
 * error lists the valid genres.
 */
export async function requireGenreIds(db: Db, ids: readonly number[]): Promise<number[]> {
  const list = uniqueIds(ids);
  if (list.length === 0) return [];
  const rows = await db.selectFrom('genres').select('id').where('id', 'in', list).execute();
  const known = new Set(rows.map((row) => row.id));
  const missing = list.filter((id) => !known.has(id));
  if (missing.length > 0) {
    const valid = await db.selectFrom('genres').select(['id', 'genre_name']).orderBy('id').execute();
    throw new ToolError(
      `genre ${missing.join(', ')} not found (genre_ids). Valid genres: ${valid.map((g) => `${g.id} ${g.genre_name}`).join(', ')}.`,
      'not_found',
    );
  }
  return list;
}

/**
 * The ids of the named genres, matched case-insensitively; a name not yet in
 * `genres` is added. Returns ids in the order of the names, without repeats.
 */
export async function ensureGenresByName(db: Db, names: readonly string[]): Promise<number[]> {
  if (names.length === 0) return [];
  // Names and keys as PostgreSQL sees them: its lower() is what matches stored
  // names, and a lone surrogate arrives as U+FFFD. JavaScript's toLowerCase()
  // differs for some letters ('İ'), and then a genre just added was not found.
  const { rows: given } = await sql<{ name: string; key: string }>`
    SELECT name, lower(name) AS key FROM unnest(${[...names]}::text[]) WITH ORDINALITY AS t(name, n) ORDER BY n`.execute(db);
  const wanted = new Map<string, string>();
  for (const { name, key } of given) {
    if (!wanted.has(key)) wanted.set(key, name);
  }
  const keys = [...wanted.keys()];
  const findExisting = async () => {
    const rows = await db
      .selectFrom('genres')
      .select(['id', 'genre_name', (eb) => eb.fn<string>('lower', ['genre_name']).as('key')])
      .where((eb) => eb(eb.fn<string>('lower', ['genre_name']), 'in', keys))
      .orderBy('id')
      .execute();
    const byKey = new Map<string, number>();
    for (const row of rows) {
      const key = row.key;
      // An exact spelling wins over another case variant.
      if (!byKey.has(key) || row.genre_name === wanted.get(key)) byKey.set(key, row.id);
    }
    return byKey;
  };
  let byKey = await findExisting();
  const missing = keys.filter((key) => !byKey.has(key));
  if (missing.length > 0) {
    await db
      .insertInto('genres')
      .values(missing.map((key) => ({ genre_name: wanted.get(key) ?? key })))
      .onConflict((oc) => oc.column('genre_name').doNothing())
      .execute();
    byKey = await findExisting();
  }
  return keys.map((key) => {
    const id = byKey.get(key);
    if (id === undefined) throw new Error(`genre "${key}" could not be created`);
    return id;
  });
}

/** Makes the series' genres exactly `genreIds`. */
export async function replaceSeriesGenres(db: Db, seriesId: number, genreIds: readonly number[]): Promise<void> {
  await db
    .deleteFrom('series_genres')
    .where('series_id', '=', seriesId)
    .$if(genreIds.length > 0, (qb) => qb.where('genre_id', 'not in', [...genreIds]))
    .execute();
  if (genreIds.length === 0) return;
  await db
    .insertInto('series_genres')
    .values(genreIds.map((genre_id) => ({ series_id: seriesId, genre_id })))
    .onConflict((oc) => oc.columns(['series_id', 'genre_id']).doNothing())
    .execute();
}

/** Makes the book's genres exactly `genreIds`. */
export async function replaceBookGenres(db: Db, bookId: number, genreIds: readonly number[]): Promise<void> {
  await db
    .deleteFrom('book_genres')
    .where('book_id', '=', bookId)
    .$if(genreIds.length > 0, (qb) => qb.where('genre_id', 'not in', [...genreIds]))
    .execute();
  if (genreIds.length === 0) return;
  await db
    .insertInto('book_genres')
    .values(genreIds.map((genre_id) => ({ book_id: bookId, genre_id })))
    .onConflict((oc) => oc.columns(['book_id', 'genre_id']).doNothing())
    .execute();
}
