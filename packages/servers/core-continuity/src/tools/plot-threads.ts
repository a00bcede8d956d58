import { notFound, pageFields, runTool, ToolError, type ServerDeps } from '@mcp-writing/toolkit';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { seriesSummary } from '../queries/characters.js';
import { resolveThreadStatus, resolveThreadType } from '../queries/lookups.js';
import * as q from '../queries/plot-threads.js';
import { bookNumber, importanceMin, lookupName, seriesId } from '../schemas.js';

export function registerPlotThreadReadTools(server: McpServer, { db, log }: ServerDeps): void {
  server.registerTool(
    'get_plot_threads',
    {
      title: 'Get plot threads',
      description:
        'Lists the plot threads of a series, most important first, with type, status, book range, related ' +
        'characters and the relationships between threads (e.g. "A enables B"). Filters: thread type and ' +
        'status by name (see get_available_options), threads active in a book number, minimum importance.',
      inputSchema: z.object({
        series_id: seriesId,
        thread_type: lookupName('Only threads of this type, e.g. "subplot" (a plot_thread_types name).').optional(),
        current_status: lookupName('Only threads with this status, e.g. "active" (a plot_thread_statuses name).').optional(),
        book_number: bookNumber.optional(),
        importance_min: importanceMin.optional(),
        ...pageFields(),
      }),
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    ({ series_id, thread_type, current_status, book_number, importance_min, limit, offset }) =>
      runTool(log, 'get_plot_threads', async () => {
        if (!(await seriesSummary(db, series_id))) throw notFound('series', series_id);
        const filter: q.ThreadFilter = { series_id, book_number, importance_min };
        if (thread_type !== undefined) {
          const { match, names } = await resolveThreadType(db, thread_type);
          if (!match) throw new ToolError(`thread_type "${thread_type}" is not a plot thread type. Valid values: ${names.join(', ')}.`);
          filter.thread_type_id = match.id;
        }
        if (current_status !== undefined) {
          const { match, names } = await resolveThreadStatus(db, current_status);
          if (!match) {
            throw new ToolError(`current_status "${current_status}" is not a plot thread status. Valid values: ${names.join(', ')}.`);
          }
          filter.current_status_id = match.id;
        }
        const [rows, total] = await Promise.all([q.listThreads(db, filter, { limit, offset }), q.countThreads(db, filter)]);
        const ids = rows.map((t) => t.id);
        const [relationships, characters] = await Promise.all([
          q.threadRelationships(db, ids),
          q.characterNames(db, [...new Set(rows.flatMap((t) => t.related_characters ?? []))]),
        ]);
        const names = new Map(characters.map((c) => [c.id, c.name]));
        const threads = rows.map((t) => ({
          ...t,
          characters: (t.related_characters ?? []).map((id) => ({ id, name: names.get(id) ?? null })),
          relationships: relationships
            .filter((r) => r.thread_a_id === t.id || r.thread_b_id === t.id)
            .map((r) => {
              const outgoing = r.thread_a_id === t.id;
              return {
                id: r.id,
                direction: outgoing ? 'outgoing' : 'incoming',
                relationship_type: r.relationship_type,
                other_thread_id: outgoing ? r.thread_b_id : r.thread_a_id,
                other_thread_title: outgoing ? r.thread_b_title : r.thread_a_title,
                statement: `${r.thread_a_title} ${r.relationship_type ?? 'relates to'} ${r.thread_b_title}`,
                relationship_description: r.relationship_description,
                strength: r.strength,
                established_book: r.established_book,
              };
            }),
        }));
        return { threads, count: threads.length, total_count: total, limit, offset };
      }),
  );
}
