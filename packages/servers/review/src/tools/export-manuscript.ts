import { countWords, idListField, requireChaptersOfBook } from '@mcp-writing/domain-writing';
import { idField, notFound, runTool, ToolError, type ServerDeps } from '@mcp-writing/toolkit';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import {
  capText,
  EXPORT_FORMATS,
  EXPORT_PURPOSES,
  FILE_EXTENSION,
  renderManuscript,
  type Manuscript,
  type ManuscriptChapter,
} from '../export/manuscript.js';
import * as q from '../queries/export.js';

/** Characters of manuscript text returned by default (about 35,000 words); the record always counts the whole export. */
export const DEFAULT_MAX_CHARACTERS = 200_000;

function slug(title: string): string {
  const base = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return base.slice(0, 80) || 'manuscript';
}

export function registerExportTools(server: McpServer, { db, log }: ServerDeps): void {
  server.registerTool(
    'export_manuscript',
    {
      title: 'Export the manuscript',
      description:
        "Assembles the book's text (scene_content of its scenes, in chapter then scene order; scenes without text are " +
        'skipped) as txt, md (Markdown), rtf (an RTF document with escaped text, a page per chapter) or standard_manuscript ' +
        '(plain-text submission layout: name and rounded word count, centred title, running header and a form feed per ' +
        'chapter, indented double-spaced paragraphs, # scene breaks, THE END). include_metadata adds series, word count, ' +
        'date and chapter summaries (and contact email in standard_manuscript). The export is recorded in ' +
        `manuscript_exports. The text is returned in "text", up to max_characters (default ${DEFAULT_MAX_CHARACTERS}); ` +
        'when longer, "truncated" is true and the text ends at a line break (an RTF export is closed so it stays valid).',
      inputSchema: z.object({
        book_id: idField('Id of the book to export.'),
        export_format: z.enum(EXPORT_FORMATS).default('txt').describe('txt (default), md, rtf or standard_manuscript.'),
        include_metadata: z.boolean().default(true).describe('Add series, word count, export date and chapter summaries (default true).'),
        chapters_to_include: idListField('Ids of the chapters to export (they must belong to the book); all chapters when left out.', 'Id of a chapter of the book.').optional(),
        export_purpose: z.enum(EXPORT_PURPOSES).default('backup').describe('What the export is for: submission, beta_review, backup (default) or publication; recorded with the export.'),
        max_characters: z
          .number()
          .int()
          .min(1000)
          .max(5_000_000)
          .default(DEFAULT_MAX_CHARACTERS)
          .describe(`Most characters of text to return (1000-5000000, default ${DEFAULT_MAX_CHARACTERS}).`),
      }),
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
    },
    (args) =>
      runTool(log, 'export_manuscript', async () => {
        const book = await q.bookForExport(db, args.book_id);
        if (!book) throw notFound('book', args.book_id);
        if (args.chapters_to_include?.length === 0) {
          // An empty list would select nothing (and `in ()` is not SQL): say what to do instead.
          throw new ToolError('chapters_to_include is empty: list the ids of the chapters to export, or leave it out to export every chapter.');
        }
        if (args.chapters_to_include) await requireChaptersOfBook(db, args.book_id, args.chapters_to_include);
        const [chapters, today] = await Promise.all([q.chaptersForExport(db, args.book_id, args.chapters_to_include), q.databaseDate(db)]);
        const scenes = await q.sceneTexts(db, chapters.map((c) => c.id));
        let withoutText = 0;
        const manuscriptChapters: ManuscriptChapter[] = chapters.map((c) => ({
          ...c,
          scenes: scenes
            .filter((s) => s.chapter_id === c.id)
            .filter((s) => {
              const has = (s.scene_content ?? '').trim().length > 0;
              if (!has) withoutText += 1;
              return has;
            })
            .map((s) => ({ scene_number: s.scene_number, content: s.scene_content ?? '' })),
        }));
        const words = manuscriptChapters.reduce((sum, c) => sum + c.scenes.reduce((s, x) => s + countWords(x.content), 0), 0);
        const manuscript: Manuscript = {
          title: book.title,
          subtitle: book.subtitle,
          author_name: book.author_name,
          author_email: book.author_email,
          series_title: book.series_title,
          book_number: book.book_number,
          description: book.description,
          word_count: words,
          export_date: today,
          purpose: args.export_purpose,
          include_metadata: args.include_metadata,
          chapters: manuscriptChapters,
        };
        const full = renderManuscript(args.export_format, manuscript);
        const returned = capText(args.export_format, full, args.max_characters);
        const scenesExported = manuscriptChapters.reduce((sum, c) => sum + c.scenes.length, 0);
        const record = await q.recordExport(db, {
          book_id: book.id,
          export_format: args.export_format,
          export_type: args.chapters_to_include ? 'partial' : 'full_manuscript',
          chapters_included: chapters.map((c) => c.id),
          total_word_count: words,
          total_pages: Math.ceil(words / 250),
          filename: `${slug(book.title)}.${FILE_EXTENSION[args.export_format]}`,
          file_size: Buffer.byteLength(full, 'utf8'),
          include_metadata: args.include_metadata,
          include_chapter_summaries: args.include_metadata,
          formatting_template: args.export_format,
          export_notes: `Exported for ${args.export_purpose.replace('_', ' ')}: ${chapters.length} chapters, ${scenesExported} scenes with text.`,
          intended_use: args.export_purpose,
        });
        return {
          export: record,
          statistics: {
            chapters: chapters.length,
            scenes: scenesExported,
            scenes_without_text: withoutText,
            word_count: words,
            total_characters: full.length,
            returned_characters: returned.text.length,
          },
          truncated: returned.truncated,
          ...(returned.truncated
            ? {
                truncation_note: `Only the first ${returned.text.length} of ${full.length} characters are returned; export fewer chapters (chapters_to_include) or raise max_characters for the rest.`,
              }
            : {}),
          text: returned.text,
        };
      }),
  );
}
