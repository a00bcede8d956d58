import { runTool, type ServerDeps } from '@mcp-writing/toolkit';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { buildReport, SECTIONS } from '../report.js';
import { bookId, bookName, includeSections, seriesId, seriesName } from '../schemas.js';

export function registerReportTool(server: McpServer, { db, log }: ServerDeps): void {
  server.registerTool(
    'generate_report',
    {
      title: 'Generate a series or book report',
      description:
        'Builds a report of a series (series_id or series_name) or of one book (book_id or book_name) from the story data: summary counts, series info (author, genres, books by status, words), books (chapters, scenes, words against target, POV characters; a book report lists its chapters), characters (chapters present, POV chapters, events, arcs, plot threads; a book report lists the characters appearing in it), locations (nesting, organizations based there, uses), organizations, plot threads (type, status, span in books, characters, reveals), world systems and elements, timeline events (participants, chapters showing them) and relationship arcs (participants, dynamics, tension). Returns the structured report and a Markdown rendering in `markdown`.',
      inputSchema: z.object({
        series_id: seriesId.optional(),
        book_id: bookId.optional(),
        series_name: seriesName.optional(),
        book_name: bookName.optional(),
        include_sections: includeSections.optional(),
      }),
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (args) =>
      runTool(log, 'generate_report', async () => {
        const report = await buildReport(db, args, args.include_sections ?? SECTIONS);
        return { ...report };
      }),
  );
}
