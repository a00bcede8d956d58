import type { NewSeries } from '@mcp-writing/db';
import {
  booksOfSeries,
  countSeries,
  findSeries,
  insertSeries,
  replaceSeriesGenres,
  requireAuthor,
  requireGenreIds,
  seriesFields,
  seriesGenreIds,
  seriesIdField,
  updateSeries,
  listSeries,
} from '@mcp-writing/domain-story';
import { definedOnly, idField, notFound, pageFields, runTool, ToolError, type ServerDeps } from '@mcp-writing/toolkit';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { CREATES, READ_ONLY, REPLACES, UPDATES } from '../annotations.js';

const authorId = idField('Id of the author (from list_authors or create_author).');

export function registerSeriesTools(server: McpServer, { db, log }: ServerDeps): void {
  server.registerTool(
    'list_series',
    {
      title: 'List series',
      description:
        'Lists the series in the story database by title, each with its author\'s name, genres and number of books. Optionally only one author\'s series.',
      inputSchema: z.object({ author_id: authorId.optional(), ...pageFields() }),
      annotations: READ_ONLY,
    },
    (args) =>
      runTool(log, 'list_series', async () => {
        if (args.author_id !== undefined) await requireAuthor(db, args.author_id);
        const filter = { author_id: args.author_id };
        const [series, total] = await Promise.all([listSeries(db, filter, args), countSeries(db, filter)]);
        return { series, count: series.length, total_count: total, limit: args.limit, offset: args.offset };
      }),
  );

  server.registerTool(
    'get_series',
    {
      title: 'Get a series',
      description: 'Gets one series with its author, genres, book count and its books in reading order.',
      inputSchema: z.object({ series_id: seriesIdField }),
      annotations: READ_ONLY,
    },
    ({ series_id }) =>
      runTool(log, 'get_series', async () => {
        const series = await findSeries(db, series_id);
        if (!series) throw notFound('series', series_id);
        const books = await booksOfSeries(db, series_id);
        return { series: { ...series, books } };
      }),
  );

  server.registerTool(
    'create_series',
    {
      title: 'Create a series',
      description:
        'Creates a series for an author, optionally with its genres (by id). Books are added with create_book.',
      inputSchema: z.object({
        title: seriesFields.title,
        author_id: authorId,
        description: seriesFields.description.optional(),
        genre_ids: seriesGenreIds.optional(),
        start_year: seriesFields.start_year.optional(),
        status: seriesFields.status.optional(),
      }),
      annotations: CREATES,
    },
    ({ genre_ids, ...fields }) =>
      runTool(log, 'create_series', async () => {
        const series = await db.transaction().execute(async (trx) => {
          await requireAuthor(trx, fields.author_id);
          const genreIds = await requireGenreIds(trx, genre_ids ?? []);
          const { id } = await insertSeries(trx, definedOnly(fields) as NewSeries);
          await replaceSeriesGenres(trx, id, genreIds);
          return findSeries(trx, id);
        });
        return { series };
      }),
  );

  server.registerTool(
    'update_series',
    {
      title: 'Update a series',
      description:
        'Changes a series\' title, description, start year or status, and/or replaces its genres (genre_ids); fields left out keep their value.',
      inputSchema: z.object({
        series_id: seriesIdField,
        title: seriesFields.title.optional(),
        description: seriesFields.description.optional(),
        genre_ids: seriesGenreIds.optional(),
        start_year: seriesFields.start_year.optional(),
        status: seriesFields.status.optional(),
      }),
      annotations: UPDATES,
    },
    ({ series_id, genre_ids, ...fields }) =>
      runTool(log, 'update_series', async () => {
        const changes = definedOnly(fields);
        if (Object.keys(changes).length === 0 && genre_ids === undefined) {
          throw new ToolError('Nothing to update: give at least one of title, description, genre_ids, start_year, status.');
        }
        const series = await db.transaction().execute(async (trx) => {
          const updated = await updateSeries(trx, series_id, changes);
          if (!updated) throw notFound('series', series_id);
          if (genre_ids !== undefined) await replaceSeriesGenres(trx, series_id, await requireGenreIds(trx, genre_ids));
          return findSeries(trx, series_id);
        });
        return { series };
      }),
  );

  server.registerTool(
    'assign_series_genres',
    {
      title: 'Set the genres of a series',
      description:
        'Replaces the genres of a series with the given genre ids (an empty list removes them all). Every id must exist; otherwise nothing changes.',
      inputSchema: z.object({ series_id: seriesIdField, genre_ids: seriesGenreIds }),
      annotations: REPLACES,
    },
    ({ series_id, genre_ids }) =>
      runTool(log, 'assign_series_genres', async () => {
        const series = await db.transaction().execute(async (trx) => {
          const updated = await updateSeries(trx, series_id, {});
          if (!updated) throw notFound('series', series_id);
          await replaceSeriesGenres(trx, series_id, await requireGenreIds(trx, genre_ids));
          return findSeries(trx, series_id);
        });
        return { series };
      }),
  );
}
