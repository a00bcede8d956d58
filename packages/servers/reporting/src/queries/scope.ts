import { sql, type Db } from '@mcp-writing/db';
import { notFound, ToolError } from '@mcp-writing/toolkit';

export interface SeriesRef {
  id: number;
  title: string;
}

export interface BookRef {
  id: number;
  title: string;
  book_number: number | null;
  series_id: number;
}

/** What a report covers: a whole series, or one book of it. */
export type Scope = { kind: 'series'; series: SeriesRef; bookIds: number[] } | { kind: 'book'; series: SeriesRef; book: BookRef; bookIds: number[] };

export interface ScopeInput {
  series_id?: number | undefined;
  series_name?: string | undefined;
  book_id?: number | undefined;
  book_name?: string | undefined;
}

const MAX_LISTED = 10;

/** "%" and "_" in a name are literal characters, not wildcards. */
function containsPattern(name: string): string {
  return `%${name.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function ambiguous(what: string, name: string, matches: string[]): ToolError {
  const listed = matches.slice(0, MAX_LISTED).join('; ');
  const more = matches.length > MAX_LISTED ? `; and ${matches.length - MAX_LISTED} more` : '';
  return new ToolError(`${what} name ${JSON.stringify(name)} matches ${matches.length} ${what === 'series' ? 'series' : 'books'}: ${listed}${more}. Give the ${what}_id (or a more exact name).`, 'conflict');
}

async function seriesById(db: Db, id: number): Promise<SeriesRef> {
  const row = await db.selectFrom('series').select(['id', 'title']).where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('series', id);
  return row;
}

/** A series by title, case-insensitively: an exact title wins; otherwise a single title containing the name. */
async function seriesByName(db: Db, name: string): Promise<SeriesRef> {
  const exact = await db
    .selectFrom('series')
    .select(['id', 'title'])
    .where(sql<boolean>`lower(btrim(title)) = lower(${name})`)
    .orderBy('id')
    .execute();
  const matches =
    exact.length > 0
      ? exact
      : await db
          .selectFrom('series')
          .select(['id', 'title'])
          .where(sql<boolean>`title ILIKE ${containsPattern(name)}`)
          .orderBy('title')
          .orderBy('id')
          .limit(50)
          .execute();
  if (matches.length === 0) throw new ToolError(`series ${JSON.stringify(name)} not found`, 'not_found');
  if (matches.length > 1) throw ambiguous('series', name, matches.map((s) => `${s.id} "${s.title}"`));
  return matches[0] as SeriesRef;
}

const bookColumns = ['books.id', 'books.title', 'books.book_number', 'books.series_id', 'series.title as series_title'] as const;

async function bookById(db: Db, id: number) {
  const row = await db.selectFrom('books').innerJoin('series', 'series.id', 'books.series_id').select(bookColumns).where('books.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('book', id);
  return row;
}

async function bookByName(db: Db, name: string, seriesId?: number) {
  const base = () => {
    let query = db.selectFrom('books').innerJoin('series', 'series.id', 'books.series_id').select(bookColumns);
    if (seriesId !== undefined) query = query.where('books.series_id', '=', seriesId);
    return query;
  };
  const exact = await base().where(sql<boolean>`lower(btrim(books.title)) = lower(${name})`).orderBy('books.id').execute();
  const matches =
    exact.length > 0
      ? exact
      : await base().where(sql<boolean>`books.title ILIKE ${containsPattern(name)}`).orderBy('books.title').orderBy('books.id').limit(50).execute();
  if (matches.length === 0) {
    throw new ToolError(`book ${JSON.stringify(name)} not found${seriesId !== undefined ? ` in series ${seriesId}` : ''}`, 'not_found');
  }
  if (matches.length > 1) throw ambiguous('book', name, matches.map((b) => `${b.id} "${b.title}" (series ${b.series_id} "${b.series_title}")`));
  return matches[0] as (typeof matches)[number];
}

/**
 * Resolves the report's subject. A book (book_id or book_name) makes a book
 * report; a series given with it must be the book's series (and narrows a
 * book_name search). Otherwise series_id or series_name makes a series report.
 */
export async function resolveScope(db: Db, input: ScopeInput): Promise<Scope> {
  if (input.series_id !== undefined && input.series_name !== undefined) {
    const byId = await seriesById(db, input.series_id);
    const byName = await seriesByName(db, input.series_name);
    if (byId.id !== byName.id) throw new ToolError(`series_id ${byId.id} ("${byId.title}") and series_name ${JSON.stringify(input.series_name)} name different series.`);
  }
  const series =
    input.series_id !== undefined ? await seriesById(db, input.series_id) : input.series_name !== undefined ? await seriesByName(db, input.series_name) : undefined;

  if (input.book_id !== undefined || input.book_name !== undefined) {
    const book = input.book_id !== undefined ? await bookById(db, input.book_id) : await bookByName(db, input.book_name as string, series?.id);
    if (input.book_id !== undefined && input.book_name !== undefined && book.title.trim().toLowerCase() !== input.book_name.trim().toLowerCase()) {
      throw new ToolError(`book_id ${book.id} is "${book.title}", not ${JSON.stringify(input.book_name)}.`);
    }
    if (series && book.series_id !== series.id) {
      throw new ToolError(`book ${book.id} ("${book.title}") belongs to series ${book.series_id} ("${book.series_title}"), not series ${series.id} ("${series.title}").`);
    }
    return {
      kind: 'book',
      series: { id: book.series_id, title: book.series_title },
      book: { id: book.id, title: book.title, book_number: book.book_number, series_id: book.series_id },
      bookIds: [book.id],
    };
  }
  if (!series) throw new ToolError('Say what to report on: give series_id, series_name, book_id or book_name.');
  const books = await db.selectFrom('books').select('id').where('series_id', '=', series.id).execute();
  return { kind: 'series', series, bookIds: books.map((b) => b.id) };
}
