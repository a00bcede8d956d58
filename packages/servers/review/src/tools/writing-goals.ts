import {
  chaptersOfBook,
  currentWords,
  databaseToday,
  dateField,
  GOAL_TYPES,
  goalProgress,
  isDoneStatus,
  requireBook,
  sessionsOfBook,
} from '@mcp-writing/domain-writing';
import { idField, intField, runTool, ToolError, type ServerDeps } from '@mcp-writing/toolkit';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import * as q from '../queries/goals.js';

export function registerWritingGoalTools(server: McpServer, { db, log }: ServerDeps): void {
  server.registerTool(
    'set_writing_goals',
    {
      title: 'Set a writing goal',
      description:
        'Sets the active goal of a type for a book, from today to target_date: daily_words / weekly_words / monthly_words ' +
        '(words written per day, per week from Monday, per calendar month, from writing sessions), chapter_completion ' +
        '(chapters with status final/complete/completed/done/published) or book_completion (the book\'s word count). A ' +
        'previous active goal of the same type is deactivated (listed in replaced_goals), in the same transaction. ' +
        'Returns the goal with its progress so far.',
      inputSchema: z.object({
        book_id: idField('Id of the book the goal is for.'),
        goal_type: z.enum(GOAL_TYPES).describe('daily_words, weekly_words, monthly_words, chapter_completion or book_completion.'),
        target_value: intField('The target: words (per day/week/month, or for the whole book) or a number of chapters.', 1),
        target_date: dateField('Day the goal should be reached by, YYYY-MM-DD (today or later).'),
        description: z.string().trim().max(5000, 'must be at most 5000 characters').describe('What the goal is about.').optional(),
      }),
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
    },
    (args) =>
      runTool(log, 'set_writing_goals', async () => {
        const book = await requireBook(db, args.book_id);
        const { goal, replaced } = await db.transaction().execute(async (trx) => {
          const replacedGoals = await q.deactivateGoals(trx, args.book_id, args.goal_type);
          const inserted = await q.insertGoal(trx, {
            book_id: args.book_id,
            goal_type: args.goal_type,
            target_value: args.target_value,
            target_date: args.target_date,
            ...(args.description ? { description: args.description } : {}),
          });
          // start_date is the database's today: a goal must not end before it starts (this rolls back the replacement too).
          if (inserted.start_date !== null && inserted.target_date < inserted.start_date) {
            throw new ToolError(`target_date: ${args.target_date} is before today (${inserted.start_date}); a goal needs a date from today on.`);
          }
          return { goal: inserted, replaced: replacedGoals };
        });
        const today = await databaseToday(db);
        const [chapters, sessions] = await Promise.all([chaptersOfBook(db, args.book_id), sessionsOfBook(db, args.book_id, { to: today })]);
        const progress = goalProgress(goal, {
          today,
          sessions,
          bookWords: currentWords(book, chapters),
          chaptersDone: chapters.filter((c) => isDoneStatus(c.status)).length,
        });
        return { goal: { ...goal, progress }, replaced_goals: replaced };
      }),
  );
}
