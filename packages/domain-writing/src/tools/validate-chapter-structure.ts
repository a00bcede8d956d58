import { runTool, type ServerDeps } from '@mcp-writing/toolkit';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { VALIDATION_LEVELS, validateChapterStructure } from '../analysis/chapter-structure.js';
import { requireBook } from '../queries/books.js';
import { requireChaptersOfBook } from '../queries/chapters.js';
import { chaptersOfBook, charactersById, scenesOfBook } from '../queries/manuscript.js';
import { bookId, idListField } from '../schemas.js';

/** validate_chapter_structure (offered by the scene and review servers). */
export function registerValidateChapterStructureTool(server: McpServer, { db, log }: ServerDeps): void {
  server.registerTool(
    'validate_chapter_structure',
    {
      title: 'Validate chapter structure',
      description:
        'Checks the chapters of a book and reports issues with severity (error/warning/info): missing title, no scenes, ' +
        'no POV character, gaps in chapter numbering (always); at "detailed" also word count more than 25%/50% off the ' +
        "chapter's target, chapter word count not matching its scenes, gaps in scene numbering, and the POV distribution; " +
        'at "comprehensive" also missing summaries, chapters under half or over twice the mean length, and POV characters ' +
        'from another series. Read-only.',
      inputSchema: z.object({
        book_id: bookId,
        chapter_ids: idListField(
          'Chapters to check (ids, from book_list_chapters); all chapters of the book when left out. Numbering gaps are always checked across the whole book.',
          'Id of a chapter of the book.',
        ).optional(),
        validation_level: z
          .enum(VALIDATION_LEVELS)
          .default('detailed')
          .describe('How deep to check: basic, detailed (default) or comprehensive.'),
      }),
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    ({ book_id, chapter_ids, validation_level }) =>
      runTool(log, 'validate_chapter_structure', async () => {
        const book = await requireBook(db, book_id);
        if (chapter_ids) await requireChaptersOfBook(db, book_id, chapter_ids);
        const [chapters, scenes] = await Promise.all([chaptersOfBook(db, book_id), scenesOfBook(db, book_id)]);
        const povIds = new Set<number>();
        for (const c of chapters) if (c.pov_character_id !== null) povIds.add(c.pov_character_id);
        for (const s of scenes) if (s.pov_character_id !== null) povIds.add(s.pov_character_id);
        const characters = await charactersById(db, [...povIds]);
        return validateChapterStructure({ book, chapters, scenes, characters, chapterIds: chapter_ids, level: validation_level });
      }),
  );
}
