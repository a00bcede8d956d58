import { chapterIdField, characterIdField, requireChapter, requireSeries, seriesIdField } from '@mcp-writing/domain-story';
import { notFound, runTool, ToolError, type ServerDeps } from '@mcp-writing/toolkit';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { CREATES, READ_ONLY, UPDATES } from '../annotations.js';
import { characterRow, charactersWhoKnow, insertKnowledge } from '../queries/knowledge.js';
import { sceneRow, upsertPresence } from '../queries/presence.js';
import { knowledgeFields, presenceFields } from '../schemas.js';

export function registerCharacterTools(server: McpServer, { db, log }: ServerDeps): void {
  server.registerTool(
    'character_add_character_knowledge_with_chapter',
    {
      title: 'Record what a character learns, and where',
      description:
        'Records that a character knows, suspects, is unaware of or forgot something, learned in a given chapter (and scene). The book is taken from the chapter. Each call adds a record, so a character\'s knowledge can change over the story; the latest record in chapter order is the current state.',
      inputSchema: z.object({
        character_id: characterIdField,
        knowledge_category: knowledgeFields.knowledge_category,
        knowledge_item: knowledgeFields.knowledge_item,
        knowledge_level: knowledgeFields.knowledge_level.default('knows'),
        learned_chapter_id: chapterIdField.describe('Id of the chapter where the character learns it (a chapter of the character\'s series).'),
        learned_scene: knowledgeFields.learned_scene.optional(),
        learned_context: knowledgeFields.learned_context.optional(),
      }),
      annotations: CREATES,
    },
    (args) =>
      runTool(log, 'character_add_character_knowledge_with_chapter', async () => {
        const character = await characterRow(db, args.character_id);
        if (!character) throw notFound('character', args.character_id);
        const chapter = await requireChapter(db, args.learned_chapter_id);
        if (chapter.series_id !== character.series_id) {
          throw new ToolError(
            `learned_chapter_id: chapter ${chapter.id} belongs to series ${chapter.series_id}, but character ${character.id} belongs to series ${character.series_id}.`,
            'conflict',
          );
        }
        const row = await insertKnowledge(db, { ...args, learned_book_id: chapter.book_id });
        return {
          knowledge: {
            ...row,
            character_name: character.name,
            book_number: chapter.book_number,
            chapter_number: chapter.chapter_number,
          },
        };
      }),
  );

  server.registerTool(
    'character_get_characters_who_know',
    {
      title: 'Who knows something',
      description:
        'Lists the characters of a series with knowledge matching a phrase (case-insensitive, part of the recorded item), each with their current state of it (the latest record in story order: book, chapter, scene) and where they learned it. With knowledge_level, only characters whose current state is that level.',
      inputSchema: z.object({
        series_id: seriesIdField,
        knowledge_item: z
          .string()
          .trim()
          .min(1, 'must not be empty')
          .max(255, 'must be at most 255 characters')
          .describe('The knowledge to look for, or part of it (matched case-insensitively).'),
        knowledge_level: knowledgeFields.knowledge_level
          .describe('Only characters whose current state is this: knows, suspects, unaware or forgot.')
          .optional(),
      }),
      annotations: READ_ONLY,
    },
    ({ series_id, knowledge_item, knowledge_level }) =>
      runTool(log, 'character_get_characters_who_know', async () => {
        await requireSeries(db, series_id);
        const characters = await charactersWhoKnow(db, series_id, knowledge_item, knowledge_level);
        return { knowledge_item, knowledge_level: knowledge_level ?? null, characters, count: characters.length };
      }),
  );

  server.registerTool(
    'track_character_presence',
    {
      title: 'Record a character\'s presence in a chapter',
      description:
        'Records how a character appears in a chapter (present, mentioned, flashback, dream, phone call), their importance, physical and emotional state, the scenes they enter and leave, what they learn and reveal and how they grow. One record per character and chapter: calling again updates it (fields left out keep their value).',
      inputSchema: z.object({
        character_id: characterIdField,
        chapter_id: chapterIdField,
        scene_id: presenceFields.scene_id.optional(),
        presence_type: presenceFields.presence_type,
        importance_level: presenceFields.importance_level.optional(),
        physical_state: presenceFields.physical_state.optional(),
        emotional_state: presenceFields.emotional_state.optional(),
        enters_at_scene: presenceFields.enters_at_scene.optional(),
        exits_at_scene: presenceFields.exits_at_scene.optional(),
        learns_this_chapter: presenceFields.learns_this_chapter.optional(),
        reveals_this_chapter: presenceFields.reveals_this_chapter.optional(),
        character_growth: presenceFields.character_growth.optional(),
      }),
      annotations: UPDATES,
    },
    ({ character_id, chapter_id, ...fields }) =>
      runTool(log, 'track_character_presence', async () => {
        const { enters_at_scene: enters, exits_at_scene: exits } = fields;
        if (enters !== undefined && exits !== undefined && exits < enters) {
          throw new ToolError(`exits_at_scene (${exits}) must not be before enters_at_scene (${enters}).`);
        }
        const character = await characterRow(db, character_id);
        if (!character) throw notFound('character', character_id);
        const chapter = await requireChapter(db, chapter_id);
        if (chapter.series_id !== character.series_id) {
          throw new ToolError(
            `chapter_id: chapter ${chapter.id} belongs to series ${chapter.series_id}, but character ${character.id} belongs to series ${character.series_id}.`,
            'conflict',
          );
        }
        if (fields.scene_id !== undefined) {
          const scene = await sceneRow(db, fields.scene_id);
          if (!scene) throw new ToolError(`scene ${fields.scene_id} not found (scene_id).`, 'not_found');
          if (scene.chapter_id !== chapter_id) {
            throw new ToolError(`scene_id: scene ${scene.id} belongs to chapter ${scene.chapter_id}, not to chapter ${chapter_id}.`, 'conflict');
          }
        }
        const { created, ...presence } = await upsertPresence(db, character_id, chapter_id, fields);
        return { presence: { ...presence, character_name: character.name, chapter_number: chapter.chapter_number }, created };
      }),
  );
}
