import type { ChapterUpdate, Db, NewChapter } from '@mcp-writing/db';
import {
  bookIdField,
  chapterFields,
  chapterIdField,
  chapterWithNumber,
  charactersOfChapter,
  clearableId,
  countChapters,
  findChapter,
  insertChapter,
  listChapters,
  lockBook,
  recomputeBookWordCount,
  requireBook,
  requireChapter,
  requireInSeries,
  requireWritingStatus,
  sceneOutlineOfChapter,
  updateChapter,
} from '@mcp-writing/domain-story';
import { definedOnly, notFound, pageFields, runTool, textField, ToolError, type ServerDeps } from '@mcp-writing/toolkit';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { CREATES, READ_ONLY, UPDATES } from '../annotations.js';

/** chapter_number is unique within a book: say which chapter holds it. */
async function requireFreeChapterNumber(db: Db, bookId: number, chapterNumber: number): Promise<void> {
  const holder = await chapterWithNumber(db, bookId, chapterNumber);
  if (holder) {
    throw new ToolError(
      `Book ${bookId} already has a chapter ${chapterNumber} (chapter ${holder.id}${holder.title ? `, "${holder.title}"` : ''}). Choose another chapter_number.`,
      'duplicate',
    );
  }
}

const UPDATABLE = [
  'title',
  'subtitle',
  'summary',
  'word_count',
  'target_word_count',
  'status',
  'pov_character_id',
  'primary_location',
  'story_time_start',
  'story_time_end',
  'story_duration',
  'author_notes',
  'writing_notes',
];

export function registerChapterTools(server: McpServer, { db, log }: ServerDeps): void {
  server.registerTool(
    'book_create_chapter',
    {
      title: 'Create a chapter',
      description:
        'Creates a chapter of a book at a given number (unique within the book), with its title, summary, target length, writing status, POV character, main location, in-story time span and notes.',
      inputSchema: z.object({
        book_id: bookIdField,
        chapter_number: chapterFields.chapter_number,
        title: chapterFields.title.optional(),
        subtitle: chapterFields.subtitle.optional(),
        summary: chapterFields.summary.optional(),
        target_word_count: chapterFields.target_word_count.optional(),
        status: chapterFields.status.default('planned'),
        pov_character_id: chapterFields.pov_character_id.optional(),
        primary_location: chapterFields.primary_location.optional(),
        story_time_start: chapterFields.story_time_start.optional(),
        story_time_end: chapterFields.story_time_end.optional(),
        story_duration: chapterFields.story_duration.optional(),
        author_notes: chapterFields.author_notes.optional(),
      }),
      annotations: CREATES,
    },
    (args) =>
      runTool(log, 'book_create_chapter', async () => {
        const book = await requireBook(db, args.book_id);
        await requireFreeChapterNumber(db, book.id, args.chapter_number);
        const status = await requireWritingStatus(db, args.status);
        if (args.pov_character_id !== undefined) {
          await requireInSeries(db, 'characters', args.pov_character_id, book.series_id, 'pov_character_id');
        }
        const { id } = await insertChapter(db, { ...definedOnly(args), status } as NewChapter);
        return { chapter: await findChapter(db, id) };
      }),
  );

  server.registerTool(
    'book_update_chapter',
    {
      title: 'Update a chapter',
      description:
        'Changes a chapter\'s fields; fields left out keep their value. Setting word_count also sets the book\'s actual_word_count to the sum of its chapters\' word counts. pov_character_id null removes the POV.',
      inputSchema: z.object({
        chapter_id: chapterIdField,
        title: chapterFields.title.optional(),
        subtitle: chapterFields.subtitle.optional(),
        summary: chapterFields.summary.optional(),
        word_count: chapterFields.word_count.optional(),
        target_word_count: chapterFields.target_word_count.optional(),
        status: chapterFields.status.optional(),
        pov_character_id: clearableId('Id of the point-of-view character (same series), or null for none.').optional(),
        primary_location: chapterFields.primary_location.optional(),
        story_time_start: chapterFields.story_time_start.optional(),
        story_time_end: chapterFields.story_time_end.optional(),
        story_duration: chapterFields.story_duration.optional(),
        author_notes: chapterFields.author_notes.optional(),
        writing_notes: chapterFields.writing_notes.optional(),
      }),
      annotations: UPDATES,
    },
    ({ chapter_id, ...fields }) =>
      runTool(log, 'book_update_chapter', async () => {
        const changes: ChapterUpdate = definedOnly(fields);
        if (Object.keys(changes).length === 0) throw new ToolError(`Nothing to update: give at least one of ${UPDATABLE.join(', ')}.`);
        return db.transaction().execute(async (trx) => {
          const chapter = await requireChapter(trx, chapter_id);
          // Lock the book first, so concurrent word-count changes of its chapters total up one after the other.
          if (fields.word_count !== undefined) await lockBook(trx, chapter.book_id);
          if (fields.status !== undefined) changes.status = await requireWritingStatus(trx, fields.status);
          if (fields.pov_character_id != null) {
            await requireInSeries(trx, 'characters', fields.pov_character_id, chapter.series_id, 'pov_character_id');
          }
          await updateChapter(trx, chapter_id, changes);
          const book = fields.word_count === undefined ? undefined : await recomputeBookWordCount(trx, chapter.book_id);
          return { chapter: await findChapter(trx, chapter_id), ...(book ? { book } : {}) };
        });
      }),
  );

  server.registerTool(
    'book_get_chapter',
    {
      title: 'Get a chapter',
      description:
        'Gets one chapter with its book and POV character; with include_scenes, its scenes in order (without their full text; get_scene has it); with include_characters, who appears in it (presence records, the POV character and scene participants).',
      inputSchema: z.object({
        chapter_id: chapterIdField,
        include_scenes: z.boolean().default(false).describe('Also return the chapter\'s scenes in order (default false).'),
        include_characters: z
          .boolean()
          .default(false)
          .describe('Also return the characters who appear in the chapter (default false).'),
      }),
      annotations: READ_ONLY,
    },
    ({ chapter_id, include_scenes, include_characters }) =>
      runTool(log, 'book_get_chapter', async () => {
        const chapter = await findChapter(db, chapter_id);
        if (!chapter) throw notFound('chapter', chapter_id);
        const [scenes, characters] = await Promise.all([
          include_scenes ? sceneOutlineOfChapter(db, chapter_id) : undefined,
          include_characters ? charactersOfChapter(db, chapter_id) : undefined,
        ]);
        return { chapter: { ...chapter, ...(scenes ? { scenes } : {}), ...(characters ? { characters } : {}) } };
      }),
  );

  server.registerTool(
    'book_list_chapters',
    {
      title: 'List chapters',
      description:
        'Lists the chapters of a book in order, optionally of one writing status; with include_stats, also per chapter its scene count, scene word total, scenes by status, characters present and progress against the target.',
      inputSchema: z.object({
        book_id: bookIdField,
        status: textField('Only chapters with this writing status (planned, draft, revision, final, cut).', 50).optional(),
        include_stats: z.boolean().default(false).describe('Also return scene and word statistics per chapter (default false).'),
        ...pageFields(),
      }),
      annotations: READ_ONLY,
    },
    ({ book_id, include_stats, limit, offset, ...filter }) =>
      runTool(log, 'book_list_chapters', async () => {
        const book = await requireBook(db, book_id);
        const status = filter.status === undefined ? undefined : await requireWritingStatus(db, filter.status);
        const [chapters, total] = await Promise.all([
          listChapters(db, book_id, { status }, { limit, offset }, include_stats),
          countChapters(db, book_id, { status }),
        ]);
        return { book, chapters, count: chapters.length, total_count: total, limit, offset };
      }),
  );
}
