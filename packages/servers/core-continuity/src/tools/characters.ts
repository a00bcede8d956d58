import { characterId, findCharacter, registerCheckCharacterKnowledgeTool } from '@mcp-writing/domain-characters';
import { notFound, runTool, type ServerDeps } from '@mcp-writing/toolkit';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import * as q from '../queries/characters.js';

export function registerCharacterReadTools(server: McpServer, deps: ServerDeps): void {
  const { db, log } = deps;
  server.registerTool(
    'get_character',
    {
      title: 'Get a character',
      description:
        'Gets one character: names, type, status, series, first and last appearance books, their arcs per book, ' +
        'and how many details, knowledge records and chapter appearances are recorded.',
      inputSchema: z.object({ character_id: characterId }),
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    ({ character_id }) =>
      runTool(log, 'get_character', async () => {
        const character = await findCharacter(db, character_id);
        if (!character) throw notFound('character', character_id);
        const [series, first, last, counts, arcs] = await Promise.all([
          q.seriesSummary(db, character.series_id),
          q.bookSummary(db, character.first_appearance_book_id),
          q.bookSummary(db, character.last_appearance_book_id),
          q.characterCounts(db, character_id),
          q.characterArcs(db, character_id),
        ]);
        return {
          character: {
            ...character,
            series: series ?? null,
            first_appearance_book: first ?? null,
            last_appearance_book: last ?? null,
            ...counts,
            arcs,
          },
        };
      }),
  );

  server.registerTool(
    'get_character_details',
    {
      title: "Get a character's details",
      description:
        'Lists the recorded facts about a character (category, attribute, value, confidence, source book), ' +
        'optionally of one category, grouped by category.',
      inputSchema: z.object({
        character_id: characterId,
        category: z
          .string()
          .trim()
          .min(1, 'must not be empty')
          .max(100, 'must be at most 100 characters')
          .describe('Only facts of this category (case-insensitive), e.g. "appearance".')
          .optional(),
      }),
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    ({ character_id, category }) =>
      runTool(log, 'get_character_details', async () => {
        const character = await findCharacter(db, character_id);
        if (!character) throw notFound('character', character_id);
        const details = await q.characterDetails(db, character_id, category);
        const by_category: Record<string, Record<string, string>> = {};
        for (const d of details) (by_category[d.category] ??= {})[d.attribute] = d.value;
        return {
          character: { id: character.id, name: character.name },
          details,
          by_category,
          count: details.length,
        };
      }),
  );

  registerCheckCharacterKnowledgeTool(server, deps);
}
