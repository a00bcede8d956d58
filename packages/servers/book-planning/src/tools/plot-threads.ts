import {
  findPlotThread,
  insertPlotThread,
  plotThreadFields,
  plotThreadIdField,
  plotThreadRow,
  requireInSeries,
  requireSeries,
  requireThreadStatusId,
  requireThreadTypeId,
  seriesIdField,
  uniqueIds,
  updatePlotThread,
} from '@mcp-writing/domain-story';
import { definedOnly, notFound, runTool, ToolError, type ServerDeps } from '@mcp-writing/toolkit';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { CREATES, UPDATES } from '../annotations.js';

function checkBookRange(startBook: number | null | undefined, endBook: number | null | undefined): void {
  if (startBook != null && endBook != null && endBook < startBook) {
    throw new ToolError(`end_book (${endBook}) must not be before start_book (${startBook}).`);
  }
}

export function registerPlotThreadTools(server: McpServer, { db, log }: ServerDeps): void {
  server.registerTool(
    'create_plot_thread',
    {
      title: 'Create a plot thread',
      description:
        'Creates a plot thread of a series (its type, importance and complexity 1-10, the books it spans, the characters involved and an optional parent thread). New threads are active.',
      inputSchema: z.object({
        series_id: seriesIdField,
        title: plotThreadFields.title,
        description: plotThreadFields.description,
        thread_type: plotThreadFields.thread_type,
        importance_level: plotThreadFields.importance_level.default(5),
        complexity_level: plotThreadFields.complexity_level.default(5),
        start_book: plotThreadFields.start_book.optional(),
        end_book: plotThreadFields.end_book.optional(),
        related_characters: plotThreadFields.related_characters.optional(),
        parent_thread_id: plotThreadFields.parent_thread_id.optional(),
      }),
      annotations: CREATES,
    },
    ({ thread_type, related_characters, ...fields }) =>
      runTool(log, 'create_plot_thread', async () => {
        await requireSeries(db, fields.series_id);
        checkBookRange(fields.start_book, fields.end_book);
        const thread_type_id = await requireThreadTypeId(db, thread_type);
        const current_status_id = await requireThreadStatusId(db, 'active');
        if (fields.parent_thread_id !== undefined) {
          await requireInSeries(db, 'plot_threads', fields.parent_thread_id, fields.series_id, 'parent_thread_id');
        }
        const characters = related_characters === undefined ? undefined : uniqueIds(related_characters);
        if (characters) await requireInSeries(db, 'characters', characters, fields.series_id, 'related_characters');
        const { id } = await insertPlotThread(db, {
          ...definedOnly(fields),
          series_id: fields.series_id,
          title: fields.title,
          thread_type_id,
          current_status_id,
          related_characters: characters ?? null,
        });
        return { plot_thread: await findPlotThread(db, id) };
      }),
  );

  server.registerTool(
    'update_plot_thread',
    {
      title: 'Update a plot thread',
      description:
        'Changes a plot thread\'s title, description, status (active, resolved, on_hold, abandoned), end book or resolution; fields left out keep their value. resolve_plot_thread records a resolution in one step.',
      inputSchema: z.object({
        thread_id: plotThreadIdField,
        title: plotThreadFields.title.optional(),
        description: plotThreadFields.description.optional(),
        current_status: plotThreadFields.current_status.optional(),
        end_book: plotThreadFields.end_book.optional(),
        resolution_notes: plotThreadFields.resolution_notes.optional(),
        resolution_book: plotThreadFields.resolution_book.optional(),
      }),
      annotations: UPDATES,
    },
    ({ thread_id, current_status, ...fields }) =>
      runTool(log, 'update_plot_thread', async () => {
        const changes = definedOnly(fields);
        if (Object.keys(changes).length === 0 && current_status === undefined) {
          throw new ToolError(
            'Nothing to update: give at least one of title, description, current_status, end_book, resolution_notes, resolution_book.',
          );
        }
        const current = await plotThreadRow(db, thread_id);
        if (!current) throw notFound('plot thread', thread_id);
        checkBookRange(current.start_book, changes.end_book);
        const current_status_id = current_status === undefined ? undefined : await requireThreadStatusId(db, current_status);
        await updatePlotThread(db, thread_id, definedOnly({ ...changes, current_status_id }));
        return { plot_thread: await findPlotThread(db, thread_id) };
      }),
  );
}
