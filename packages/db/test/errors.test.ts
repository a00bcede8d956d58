import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeDbError } from '../src/errors.js';
import type { DbHandle } from '../src/pool.js';
import { openTestPool } from './helpers.js';

let handle: DbHandle;
let drop: () => Promise<void>;
let seriesId: number;

beforeAll(async () => {
  const opened = await openTestPool({ DB_POOL_CONNECTION_TIMEOUT: '2000' });
  handle = opened.handle;
  drop = () => opened.database.drop();
  const author = await handle.db.insertInto('authors').values({ name: 'E' }).returning('id').executeTakeFirstOrThrow();
  const series = await handle.db
    .insertInto('series')
    .values({ author_id: author.id, title: 'S' })
    .returning('id')
    .executeTakeFirstOrThrow();
  seriesId = series.id;
  await handle.db.insertInto('books').values({ series_id: seriesId, title: 'B1', book_number: 1 }).execute();
});
afterAll(async () => {
  await handle?.close();
  await drop?.();
});

/** The error a real statement raises. */
async function errorOf(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error('expected the statement to fail');
}

describe('describeDbError on real PostgreSQL errors', () => {
  it.each([
    [
      'duplicate',
      () => handle.db.insertInto('books').values({ series_id: seriesId, title: 'B1 again', book_number: 1 }).execute(),
      /^A record in books with the same series_id, book_number already exists\.$/,
    ],
    [
      'missing_reference',
      () => handle.db.insertInto('books').values({ series_id: 987654, title: 'Orphan' }).execute(),
      /^series_id 987654 does not exist \(no such record in series\)\.$/,
    ],
    [
      'still_referenced',
      () => handle.db.deleteFrom('authors').execute(),
      /still referenced by other records/,
    ],
    [
      'still_referenced',
      async () => {
        // world_systems.series_id is ON DELETE NO ACTION (23503 on delete).
        await handle.db.insertInto('world_systems').values({ series_id: seriesId, system_name: 'Tides' }).execute();
        await handle.db.deleteFrom('series').where('id', '=', seriesId).execute();
      },
      /still referenced by other records/,
    ],
    ['required', () => sql`INSERT INTO books (series_id) VALUES (${seriesId})`.execute(handle.db), /^title is required\.$/],
    ['bad_value', () => sql`SELECT 'abc'::int`.execute(handle.db), /wrong format/],
    ['bad_value', () => handle.db.insertInto('authors').values({ name: 'nul \u0000 here' }).execute(), /NUL character/],
    [
      'check',
      () => handle.db.insertInto('series').values({ author_id: 1, title: 'X', status: 'paused' }).execute(),
      /outside what the field allows/,
    ],
    [
      'timeout',
      () =>
        handle.db.transaction().execute(async (trx) => {
          await sql`SET LOCAL statement_timeout = 50`.execute(trx);
          await sql`SELECT pg_sleep(1)`.execute(trx);
        }),
      /took too long/,
    ],
    ['not_found', () => handle.db.selectFrom('books').selectAll().where('id', '=', -1).executeTakeFirstOrThrow(), /No matching record/],
  ] as const)('%s', async (kind, run, message) => {
    const error = await errorOf(run);
    const described = describeDbError(error);
    expect(described?.kind).toBe(kind);
    expect(described?.message).toMatch(message);
    expect(described?.message).not.toMatch(/INSERT|SELECT|constraint "|violates/);
  });

  it('maps a refused connection to "unavailable"', async () => {
    const pg = await import('pg');
    const client = new pg.default.Client({ connectionString: 'postgres://x:y@127.0.0.1:1/none' });
    const error = await errorOf(() => client.connect());
    expect(describeDbError(error)).toMatchObject({ kind: 'unavailable' });
  });

  it('leaves programming errors undescribed (they are logged, not shown)', () => {
    expect(describeDbError(new TypeError('x is not a function'))).toBeUndefined();
    expect(describeDbError('text')).toBeUndefined();
  });
});
