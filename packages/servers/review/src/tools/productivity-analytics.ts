import {
  activeGoalsOfBook,
  addDays,
  chaptersOfBook,
  currentWords,
  databaseToday,
  dateField,
  isDoneStatus,
  requireBook,
  sessionsOfBook,
} from '@mcp-writing/domain-writing';
import { idField, runTool, ToolError, type ServerDeps } from '@mcp-writing/toolkit';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { ANALYSIS_TYPES, productivityAnalytics } from '../analysis/productivity.js';

/** Days analysed when no date_range is given (ending today). */
export const DEFAULT_RANGE_DAYS = 90;

export function registerProductivityTools(server: McpServer, { db, log }: ServerDeps): void {
  server.registerTool(
    'get_productivity_analytics',
    {
      title: 'Get productivity analytics',
      description:
        "Analyses a book's writing sessions over date_range (default: the last 90 days). daily_patterns: words, sessions, " +
        'words per hour and mood by weekday and by time of day of the start (morning 05-12, afternoon 12-17, evening 17-21, ' +
        'night 21-05). weekly_trends: words per week (from Monday) with the change from the week before and the trend. ' +
        'goal_progress: active goals with their progress and how many days/weeks/months in the range met them. ' +
        'productivity_factors: words by mood band, mood-words correlation, mood and output by time of day, output by ' +
        'session length. Read-only.',
      inputSchema: z.object({
        book_id: idField('Id of the book whose sessions to analyse.'),
        analysis_type: z
          .enum(ANALYSIS_TYPES)
          .default('daily_patterns')
          .describe('daily_patterns (default), weekly_trends, goal_progress or productivity_factors.'),
        date_range: z
          .object({
            start_date: dateField('First day, YYYY-MM-DD (no lower bound when left out).').optional(),
            end_date: dateField('Last day, YYYY-MM-DD (today when left out).').optional(),
          })
          .refine((r) => !r.start_date || !r.end_date || r.start_date <= r.end_date, { message: 'start_date must not be after end_date' })
          .describe(`Days to analyse (inclusive); the last ${DEFAULT_RANGE_DAYS} days when left out.`)
          .optional(),
      }),
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    ({ book_id, analysis_type, date_range }) =>
      runTool(log, 'get_productivity_analytics', async () => {
        const book = await requireBook(db, book_id);
        const today = await databaseToday(db);
        const range = date_range
          ? { start_date: date_range.start_date ?? null, end_date: date_range.end_date ?? today }
          : { start_date: addDays(today, -(DEFAULT_RANGE_DAYS - 1)), end_date: today };
        if (range.start_date && range.start_date > range.end_date) {
          throw new ToolError(`date_range: start_date ${range.start_date} is after the end of the range (${range.end_date}).`);
        }
        const goalsWanted = analysis_type === 'goal_progress';
        const [sessions, goals, allSessions, chapters] = await Promise.all([
          sessionsOfBook(db, book_id, { from: range.start_date, to: range.end_date }),
          goalsWanted ? activeGoalsOfBook(db, book_id) : Promise.resolve([]),
          goalsWanted ? sessionsOfBook(db, book_id, { to: today }) : Promise.resolve([]),
          goalsWanted ? chaptersOfBook(db, book_id) : Promise.resolve([]),
        ]);
        return productivityAnalytics({
          book: { id: book.id, title: book.title },
          type: analysis_type,
          range,
          sessions,
          goals,
          allSessions,
          today,
          bookWords: currentWords(book, chapters),
          chaptersDone: chapters.filter((c) => isDoneStatus(c.status)).length,
        });
      }),
  );
}
