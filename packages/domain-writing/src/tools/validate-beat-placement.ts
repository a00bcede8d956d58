import { runTool, type ServerDeps } from '@mcp-writing/toolkit';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { BEAT_ANALYSIS_TYPES, STANDARD_BEATS, validateBeatPlacement } from '../analysis/beat-placement.js';
import { requireBook } from '../queries/books.js';
import { chaptersOfBook, scenesOfBook } from '../queries/manuscript.js';
import { characterArcsOfBook, plotPointsOfBook, presenceOfBook, threadActivityInBook, threadsOfSeries } from '../queries/story.js';
import { bookId } from '../schemas.js';

const beatNames = STANDARD_BEATS.map((b) => `${b.beat} ${Math.round(b.range[0] * 100)}-${Math.round(b.range[1] * 100)}%`).join(', ');

/** validate_beat_placement (offered by the scene and review servers). */
export function registerValidateBeatPlacementTool(server: McpServer, { db, log }: ServerDeps): void {
  server.registerTool(
    'validate_beat_placement',
    {
      title: 'Validate beat placement',
      description:
        'Analyses where story beats fall as a share of the book (by word count, or by chapter order when nothing is written yet). ' +
        `pacing: chapter plot points whose plot_point_type names a standard beat (${beatNames}) against those ranges, ` +
        'missing key beats (inciting_incident, midpoint, climax), beats out of order, chapters far longer or shorter than the mean. ' +
        'character_arcs: whether characters with an arc in this book appear early enough, to the end, without long absences. ' +
        'plot_threads: reveals and relationship changes of the active threads across the book. emotional_beats: scene ' +
        'intensity over the book (peak near the end, flat stretches, rising tension). Read-only.',
      inputSchema: z.object({
        book_id: bookId,
        beat_analysis_type: z
          .enum(BEAT_ANALYSIS_TYPES)
          .default('pacing')
          .describe('What to analyse: pacing (default), character_arcs, plot_threads or emotional_beats.'),
        flexible_guidelines: z
          .boolean()
          .default(true)
          .describe('true (default): widen every standard range by 5 points and tolerate larger length variation; false: strict ranges.'),
      }),
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    ({ book_id, beat_analysis_type, flexible_guidelines }) =>
      runTool(log, 'validate_beat_placement', async () => {
        const book = await requireBook(db, book_id);
        const type = beat_analysis_type;
        const [chapters, scenes, plotPoints, presence, arcs, threads, threadActivity] = await Promise.all([
          chaptersOfBook(db, book_id),
          scenesOfBook(db, book_id),
          plotPointsOfBook(db, book_id),
          type === 'character_arcs' ? presenceOfBook(db, book_id) : Promise.resolve([]),
          type === 'character_arcs' ? characterArcsOfBook(db, book_id) : Promise.resolve([]),
          type === 'plot_threads' ? threadsOfSeries(db, book.series_id) : Promise.resolve([]),
          type === 'plot_threads' ? threadActivityInBook(db, book_id, book.series_id) : Promise.resolve([]),
        ]);
        return validateBeatPlacement({ book, chapters, scenes, plotPoints, presence, arcs, threads, threadActivity, type, flexible: flexible_guidelines });
      }),
  );
}
