import type { Db, NewBook } from '@mcp-writing/db';
import {
  bookFields,
  bookGenreIds,
  bookIdField,
  bookWithNumber,
  chapterOutlineOfBook,
  countBooks,
  ensureGenresByName,
  findBook,
  insertBook,
  listBooks,
  replaceBookGenres,
  requireBook,
  requireGenreIds,
  requireSeries,
  seriesIdField,
  updateBook,
  BOOK_STATUSES,
} from '@mcp-writing/domain-story';
import { definedOnly, notFound, pageFields, runTool, ToolError, type ServerDeps } from '@mcp-writing/toolkit';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { CREATES, READ_ONLY, REPLACES, UPDATES } from '../annotations.js';

/** book_number is unique within a series: say which book holds it. */
async function requireFreeBookNumber(db: Db, seriesId: number, bookNumber: number, exceptId?: number): Promise<void> {
  const holder = await bookWithNumber(db, seriesId, bookNumber, exceptId);
  if (holder) {
    throw new ToolError(
      `Series ${seriesId} already has a book number ${bookNumber} (book ${holder.id}, "${holder.title}"). Choose another book_number.`,
      'duplicate',
    );
  }
}

export function registerBookTools(server: McpServer, { db, log }: ServerDeps): void {
  server.registerTool(
    'create_book',
    {
      title: 'Create a book',
      description:
        'Creates a book in a series at a given position (book_number, unique within the series), optionally with its genres by name (unknown names are added as genres).',
      inputSchema: z.object({
        title: bookFields.title,
        series_id: seriesIdField,
        book_number: bookFields.book_number,
        status: bookFields.status.default('planned'),
        target_word_count: bookFields.target_word_count.optional(),
        actual_word_count: bookFields.actual_word_count.default(0),
        publication_year: bookFields.publication_year.optional(),
        description: bookFields.description.optional(),
        isbn: bookFields.isbn.optional(),
        page_count: bookFields.page_count.optional(),
        cover_image_url: bookFields.cover_image_url.optional(),
        genre_names: bookFields.genre_names.optional(),
      }),
      annotations: CREATES,
    },
    ({ genre_names, ...fields }) =>
      runTool(log, 'create_book', async () => {
        const book = await db.transaction().execute(async (trx) => {
          await requireSeries(trx, fields.series_id);
          await requireFreeBookNumber(trx, fields.series_id, fields.book_number);
          const { id } = await insertBook(trx, definedOnly(fields) as NewBook);
          if (genre_names !== undefined) await replaceBookGenres(trx, id, await ensureGenresByName(trx, genre_names));
          return findBook(trx, id);
        });
        return { book };
      }),
  );

  server.registerTool(
    'update_book',
    {
      title: 'Update a book',
      description:
        'Changes a book\'s fields and/or replaces its genres by name (genre_names; unknown names are added as genres); fields left out keep their value.',
      inputSchema: z.object({
        book_id: bookIdField,
        title: bookFields.title.optional(),
        book_number: bookFields.book_number.optional(),
        status: bookFields.status.optional(),
        target_word_count: bookFields.target_word_count.optional(),
        actual_word_count: bookFields.actual_word_count.optional(),
        publication_year: bookFields.publication_year.optional(),
        isbn: bookFields.isbn.optional(),
        page_count: bookFields.page_count.optional(),
        description: bookFields.description.optional(),
        cover_image_url: bookFields.cover_image_url.optional(),
        genre_names: bookFields.genre_names.optional(),
      }),
      annotations: UPDATES,
    },
    ({ book_id, genre_names, ...fields }) =>
      runTool(log, 'update_book', async () => {
        const changes = definedOnly(fields);
        if (Object.keys(changes).length === 0 && genre_names === undefined) {
          throw new ToolError(
            'Nothing to update: give at least one of title, book_number, status, target_word_count, actual_word_count, publication_year, isbn, page_count, description, cover_image_url, genre_names.',
          );
        }
        const book = await db.transaction().execute(async (trx) => {
          const current = await requireBook(trx, book_id);
          if (changes.book_number !== undefined) await requireFreeBookNumber(trx, current.series_id, changes.book_number, book_id);
          await updateBook(trx, book_id, changes);
          if (genre_names !== undefined) await replaceBookGenres(trx, book_id, await ensureGenresByName(trx, genre_names));
          return findBook(trx, book_id);
        });
        return { book };
      }),
  );

  server.registerTool(
    'get_book',
    {
      title: 'Get a book',
      description:
        'Gets one book with its series title, genres and chapter count; with include_chapters, also its chapters in order (number, title, status, summary, word counts, POV).',
      inputSchema: z.object({
        book_id: bookIdField,
        include_chapters: z.boolean().default(false).describe('Also return the book\'s chapters in order (default false).'),
      }),
      annotations: READ_ONLY,
    },
    ({ book_id, include_chapters }) =>
      runTool(log, 'get_book', async () => {
        const book = await findBook(db, book_id);
        if (!book) throw notFound('book', book_id);
        if (!include_chapters) return { book };
        return { book: { ...book, chapters: await chapterOutlineOfBook(db, book_id) } };
      }),
  );

  server.registerTool(
    'list_books',
    {
      title: 'List books',
      description:
        'Lists books by series and book number, optionally of one series and/or one status, each with its genres; with include_stats, also chapter count, chapter word totals, chapters by status, scene count and progress against the target.',
      inputSchema: z.object({
        series_id: seriesIdField.describe('Only the books of this series (id from list_series).').optional(),
        status: z.enum(BOOK_STATUSES).describe('Only books with this status.').optional(),
        include_stats: z
          .boolean()
          .default(false)
          .describe('Also return chapter and word statistics per book (default false).'),
        ...pageFields(),
      }),
      annotations: READ_ONLY,
    },
    ({ include_stats, limit, offset, ...filter }) =>
      runTool(log, 'list_books', async () => {
        if (filter.series_id !== undefined) await requireSeries(db, filter.series_id);
        const [books, total] = await Promise.all([
          listBooks(db, filter, { limit, offset }, include_stats),
          countBooks(db, filter),
        ]);
        return { books, count: books.length, total_count: total, limit, offset };
      }),
  );

  server.registerTool(
    'assign_book_genres',
    {
      title: 'Set the genres of a book',
      description:
        'Replaces the genres of a book with the given genre ids (an empty list removes them all). Every id must exist; otherwise nothing changes.',
      inputSchema: z.object({ book_id: bookIdField, genre_ids: bookGenreIds }),
      annotations: REPLACES,
    },
    ({ book_id, genre_ids }) =>
      runTool(log, 'assign_book_genres', async () => {
        const book = await db.transaction().execute(async (trx) => {
          const updated = await updateBook(trx, book_id, {});
          if (!updated) throw notFound('book', book_id);
          await replaceBookGenres(trx, book_id, await requireGenreIds(trx, genre_ids));
          return findBook(trx, book_id);
        });
        return { book };
      }),
  );
}
