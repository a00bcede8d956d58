import { dateField, idListField, minutesOfDay, requireBook, requireChaptersOfBook } from '@mcp-writing/domain-writing';
import { idField, intField, runTool, type ServerDeps } from '@mcp-writing/toolkit';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import * as q from '../queries/writing-sessions.js';

const timeField = (description: string) =>
  z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/, 'must be a time of day as HH:MM or HH:MM:SS (24-hour)')
    .describe(description);

/** Minutes from start to end; an end earlier than the start means the session ran past midnight. */
export function sessionMinutes(start: string, end: string): number {
  const diff = minutesOfDay(end) - minutesOfDay(start);
  return Math.round(diff < 0 ? diff + 24 * 60 : diff);
}

/** Words per chapter: all of them for one chapter, an even split (remainder to the first chapters) for several. */
function splitWords(words: number, count: number): number[] {
  const base = Math.floor(words / count);
  return Array.from({ length: count }, (_, i) => base + (i < words % count ? 1 : 0));
}

export function registerWritingSessionTools(server: McpServer, { db, log }: ServerDeps): void {
  server.registerTool(
    'log_writing_session',
    {
      title: 'Log a writing session',
      description:
        'Records a writing session of a book: date, optional start/end time (duration is computed; an end before the start ' +
        'means past midnight), words written and edited (net_words = written - edited), mood, notes, and the chapters worked ' +
        'on (session_chapters; words_written is credited to the one chapter, or split evenly across several). The session ' +
        'and its chapters are written in one transaction. Word counts of chapters and books are not changed: they follow ' +
        'the scenes (update_scene).',
      inputSchema: z.object({
        book_id: idField('Id of the book written on.'),
        chapter_ids: idListField('Chapters worked on in the session (ids of chapters of the book).', 'Id of a chapter of the book.', 500).optional(),
        session_date: dateField('Day of the session, YYYY-MM-DD.'),
        start_time: timeField('When the session started, HH:MM (24-hour).').optional(),
        end_time: timeField('When the session ended, HH:MM (24-hour).').optional(),
        words_written: intField('New words written in the session.', 0, 1_000_000),
        words_edited: intField('Words revised or edited in the session (default 0).', 0, 1_000_000).default(0),
        session_notes: z.string().max(20_000, 'must be at most 20000 characters').describe('Notes about the session.').optional(),
        mood_rating: intField('How the session felt, from 1 (awful) to 10 (great).', 1, 10).optional(),
      }),
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
    },
    (args) =>
      runTool(log, 'log_writing_session', () =>
        db.transaction().execute(async (trx) => {
          await requireBook(trx, args.book_id);
          const chapterIds = args.chapter_ids ?? [];
          const duration = args.start_time && args.end_time ? sessionMinutes(args.start_time, args.end_time) : null;
          const session = await q.insertSession(trx, {
            book_id: args.book_id,
            chapter_id: chapterIds.length === 1 ? (chapterIds[0] ?? null) : null,
            session_date: args.session_date,
            ...(args.start_time ? { start_time: args.start_time } : {}),
            ...(args.end_time ? { end_time: args.end_time } : {}),
            duration_minutes: duration,
            words_written: args.words_written,
            words_edited: args.words_edited,
            net_words: args.words_written - args.words_edited,
            ...(args.session_notes !== undefined ? { session_notes: args.session_notes } : {}),
            ...(args.mood_rating !== undefined ? { mood_rating: args.mood_rating } : {}),
          });
          // Checked after the session row exists: a bad chapter id rolls the whole session back.
          await requireChaptersOfBook(trx, args.book_id, chapterIds);
          const shares = splitWords(args.words_written, Math.max(1, chapterIds.length));
          const links = await q.insertSessionChapters(
            trx,
            chapterIds.map((chapter_id, i) => ({ session_id: session.id, chapter_id, words_written_on_chapter: shares[i] ?? 0 })),
          );
          const numbers = new Map((await q.chapterNumbers(trx, chapterIds)).map((c) => [c.id, c.chapter_number]));
          return {
            session,
            chapters: links.map((l) => ({ ...l, chapter_number: numbers.get(l.chapter_id) ?? null })),
          };
        }),
      ),
  );
}
