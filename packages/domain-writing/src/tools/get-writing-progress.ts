import { runTool, type ServerDeps } from '@mcp-writing/toolkit';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { TIME_PERIODS, writingProgress } from '../analysis/writing-progress.js';
import { databaseToday } from '../dates.js';
import { requireBook } from '../queries/books.js';
import { chaptersOfBook } from '../queries/manuscript.js';
import { activeGoalsOfBook, sessionsOfBook } from '../queries/sessions.js';
import { bookId } from '../schemas.js';

/** get_writing_progress (offered by the scene and review servers). */
export function registerGetWritingProgressTool(server: McpServer, { db, log }: ServerDeps): void {
  server.registerTool(
    'get_writing_progress',
    {
      title: 'Get writing progress',
      description:
        "A book's progress against its target word count (current words = sum of its chapters), chapters by status, and the " +
        'writing sessions of the period (week = last 7 days, month = last 30, quarter = last 90, all_time = since the first ' +
        'session, each ending today): words written/edited, minutes, words per hour. include_analytics adds daily totals, ' +
        'writing days, streaks, best day, average mood, a projected completion date at the current pace, and progress of ' +
        'the active writing goals. Read-only.',
      inputSchema: z.object({
        book_id: bookId,
        time_period: z.enum(TIME_PERIODS).default('month').describe('Window of sessions: week, month (default), quarter or all_time.'),
        include_analytics: z.boolean().default(true).describe('Add daily totals, streaks, projection and goal progress (default true).'),
      }),
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    ({ book_id, time_period, include_analytics }) =>
      runTool(log, 'get_writing_progress', async () => {
        const book = await requireBook(db, book_id);
        const today = await databaseToday(db);
        const [chapters, sessions, goals] = await Promise.all([
          chaptersOfBook(db, book_id),
          sessionsOfBook(db, book_id, { to: today }),
          include_analytics ? activeGoalsOfBook(db, book_id) : Promise.resolve([]),
        ]);
        return writingProgress({ book, chapters, sessions, goals, today, timePeriod: time_period, includeAnalytics: include_analytics });
      }),
  );
}
