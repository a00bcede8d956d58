import { definedOnly, idField, notFound, runTool, ToolError, type ServerDeps } from '@mcp-writing/toolkit';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { assessKnowledge } from '../knowledge.js';
import { findChapterPosition } from '../queries/chapters.js';
import { findCharacter } from '../queries/characters.js';
import { knowledgeOfCharacter } from '../queries/knowledge.js';
import { characterId, knowledgeCategoryFilter, knowledgeItemFilter } from '../schemas.js';

/**
 * check_character_knowledge, offered by character-planning and
 * core-continuity: what a character knows, where and when they learned it,
 * optionally as of a chapter (reading order: book number, then chapter number).
 */
export function registerCheckCharacterKnowledgeTool(server: McpServer, { db, log }: ServerDeps): void {
  server.registerTool(
    'check_character_knowledge',
    {
      title: 'Check what a character knows',
      description:
        'Lists what a character knows (optionally one item or category), each with its level (knows, suspects, ' +
        'unaware, forgot) and where it was learned (book, chapter, scene, context). "items" gives one line per ' +
        'known item with its deciding record; "knows"/"suspects" answer the question for the filter given. With ' +
        'as_of_chapter_id it answers "does the character know this at that chapter": records learned in that ' +
        'chapter or earlier (by book number, then chapter number) count, later ones do not, and records without ' +
        'a chapter in the same book are reported as timing_unknown.',
      inputSchema: z.object({
        character_id: characterId,
        knowledge_item: knowledgeItemFilter.optional(),
        knowledge_category: knowledgeCategoryFilter.optional(),
        as_of_chapter_id: idField(
          'Optional: answer as of this chapter (a chapter of the character\'s series); learning in this chapter counts as known.',
        ).optional(),
      }),
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    ({ character_id, knowledge_item, knowledge_category, as_of_chapter_id }) =>
      runTool(log, 'check_character_knowledge', async () => {
        const character = await findCharacter(db, character_id);
        if (!character) throw notFound('character', character_id);
        let asOf;
        if (as_of_chapter_id !== undefined) {
          asOf = await findChapterPosition(db, as_of_chapter_id);
          if (!asOf) throw notFound('chapter', as_of_chapter_id);
          if (asOf.series_id !== character.series_id) {
            throw new ToolError(
              `chapter ${as_of_chapter_id} is in series ${asOf.series_id}, but character ${character_id} belongs to series ${character.series_id}.`,
            );
          }
        }
        const rows = await knowledgeOfCharacter(db, character_id, { knowledge_item, knowledge_category });
        const assessment = assessKnowledge(rows, asOf);
        return {
          character: { id: character.id, name: character.name, series_id: character.series_id },
          filter: definedOnly({ knowledge_item, knowledge_category }),
          as_of: asOf ?? null,
          knows: assessment.knows,
          suspects: assessment.suspects,
          items: assessment.items,
          knowledge: assessment.knowledge,
          count: assessment.knowledge.length,
        };
      }),
  );
}
