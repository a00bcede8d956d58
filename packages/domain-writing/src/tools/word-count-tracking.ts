import { runTool, type ServerDeps } from '@mcp-writing/toolkit';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { TRACKING_LEVELS, wordCountTracking } from '../analysis/word-counts.js';
import { requireBook } from '../queries/books.js';
import { dailyWritingHistory, wordCountSnapshots } from '../queries/history.js';
import { chaptersOfBook, scenesOfBook } from '../queries/manuscript.js';
import { bookId } from '../schemas.js';

/** word_count_tracking (offered by the scene and review servers). */
export function registerWordCountTrackingTool(server: McpServer, { db, log }: ServerDeps): void {
  server.registerTool(
    'word_count_tracking',
    {
      title: 'Track word counts',
      description:
        'Word counts of a book against its targets: the book total (sum of chapters), completion and words remaining, ' +
        'the spread of chapter lengths (mean, median, shortest, longest); per chapter at "chapter" (target, completion, ' +
        'variance, share of the book), per scene at "scene", both nested at "detailed" with consistency checks (chapter ' +
        'totals vs their scenes). include_history adds daily words from writing sessions and word count snapshots. Read-only.',
      inputSchema: z.object({
        book_id: bookId,
        tracking_level: z.enum(TRACKING_LEVELS).default('chapter').describe('Detail: book, chapter (default), scene or detailed.'),
        include_history: z.boolean().default(false).describe('Add the last 30 days with writing sessions and the last 30 word count snapshots (default false).'),
        calculate_targets: z.boolean().default(true).describe('Compare counts with target word counts (default true).'),
      }),
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    ({ book_id, tracking_level, include_history, calculate_targets }) =>
      runTool(log, 'word_count_tracking', async () => {
        const book = await requireBook(db, book_id);
        const [chapters, scenes] = await Promise.all([chaptersOfBook(db, book_id), scenesOfBook(db, book_id)]);
        const result = wordCountTracking({ book, chapters, scenes, level: tracking_level, calculateTargets: calculate_targets });
        if (include_history) {
          const [daily, snapshots] = await Promise.all([dailyWritingHistory(db, book_id), wordCountSnapshots(db, book_id)]);
          result.history = { daily, snapshots };
        }
        return result;
      }),
  );
}
