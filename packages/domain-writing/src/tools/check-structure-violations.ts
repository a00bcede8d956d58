import { runTool, type ServerDeps } from '@mcp-writing/toolkit';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { checkStructureViolations, VIOLATION_TYPES } from '../analysis/structure-violations.js';
import { requireBook } from '../queries/books.js';
import { booksOfSeries, eventMappingsOfBook, knowledgeWithChapter, locationsOfSeries, locationUsageOfBook } from '../queries/continuity.js';
import { chaptersOfBook, charactersById, charactersOfSeries, scenesOfBook } from '../queries/manuscript.js';
import { presenceOfBook, threadsById, threadsOfSeries } from '../queries/story.js';
import { bookId, severity } from '../schemas.js';

/** check_structure_violations (offered by the scene and review servers). */
export function registerCheckStructureViolationsTool(server: McpServer, { db, log }: ServerDeps): void {
  server.registerTool(
    'check_structure_violations',
    {
      title: 'Check structure violations',
      description:
        'Finds continuity problems across a book. character_continuity: characters on stage before the book of their first ' +
        'appearance, scene characters of another series or unknown, characters revealing what they only learn in a later ' +
        'chapter (character_knowledge.learned_chapter_id vs presence reveals/learns). timeline_consistency: events shown as ' +
        'direct scenes after later events (timeline sort_order) without being a flashback, flashbacks to events that have not ' +
        'happened yet. pov_consistency: scene POV differing from the chapter POV, mixed-POV chapters, POV characters only ' +
        'mentioned, event mappings with another POV than their scene. location_consistency: scene/chapter locations that are ' +
        'not locations of the series, a character in two places at the same time of day, location usage of another series. ' +
        'plot_holes: threads meant to end in this book still open, overdue threads, orphaned threads. Read-only.',
      inputSchema: z.object({
        book_id: bookId,
        violation_types: z
          .array(z.enum(VIOLATION_TYPES))
          .min(1, 'must name at least one violation type')
          .transform((types) => [...new Set(types)])
          .optional()
          .describe('Which checks to run; all five when left out.'),
        severity_threshold: severity
          .default('warning')
          .describe('Least severity to report: info, warning (default) or error. Counts of the rest are in summary.below_threshold.'),
      }),
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    ({ book_id, violation_types, severity_threshold }) =>
      runTool(log, 'check_structure_violations', async () => {
        const book = await requireBook(db, book_id);
        const [chapters, scenes, seriesCharacters, seriesBooks, presence, knowledge, mappings, locations, locationUsage, threads] =
          await Promise.all([
            chaptersOfBook(db, book_id),
            scenesOfBook(db, book_id),
            charactersOfSeries(db, book.series_id),
            booksOfSeries(db, book.series_id),
            presenceOfBook(db, book_id),
            knowledgeWithChapter(db, book.series_id),
            eventMappingsOfBook(db, book_id),
            locationsOfSeries(db, book.series_id),
            locationUsageOfBook(db, book_id),
            threadsOfSeries(db, book.series_id),
          ]);
        const known = new Set(seriesCharacters.map((c) => c.id));
        const foreignIds = new Set<number>();
        for (const s of scenes) for (const id of [s.pov_character_id, ...s.scene_participants]) if (id !== null && !known.has(id)) foreignIds.add(id);
        for (const c of chapters) if (c.pov_character_id !== null && !known.has(c.pov_character_id)) foreignIds.add(c.pov_character_id);
        const threadIds = new Set(threads.map((t) => t.id));
        const parentIds = threads.map((t) => t.parent_thread_id).filter((id): id is number => id !== null && !threadIds.has(id));
        const [foreign, parentThreads] = await Promise.all([charactersById(db, [...foreignIds]), threadsById(db, parentIds)]);
        return checkStructureViolations({
          book,
          chapters,
          scenes,
          characters: [...seriesCharacters, ...foreign],
          seriesBooks,
          presence,
          knowledge,
          mappings,
          locations,
          locationUsage,
          threads,
          parentThreads,
          types: violation_types ?? [...VIOLATION_TYPES],
          threshold: severity_threshold,
        });
      }),
  );
}
