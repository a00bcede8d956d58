import {
  characterId,
  characterStatus,
  characterType,
  findCharacter,
} from '@mcp-writing/domain-characters';
import { definedOnly, notFound, pageFields, runTool, ToolError, type ServerDeps } from '@mcp-writing/toolkit';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { findSeries } from '../queries/books.js';
import * as q from '../queries/characters.js';
import { aliases, bookId, characterName, fullName, seriesId } from '../schemas.js';
import { requireBookOfSeries } from './book-check.js';

export function registerCharacterRecordTools(server: McpServer, { db, log }: ServerDeps): void {
  server.registerTool(
    'list_characters',
    {
      title: 'List characters',
      description: 'Lists the characters of a series by name, optionally only one type (main, supporting...) or status.',
      inputSchema: z.object({
        series_id: seriesId,
        character_type: characterType.optional(),
        status: characterStatus.optional(),
        ...pageFields(),
      }),
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    ({ series_id, character_type, status, limit, offset }) =>
      runTool(log, 'list_characters', async () => {
        if (!(await findSeries(db, series_id))) throw notFound('series', series_id);
        const filter = { series_id, character_type, status };
        const [characters, total] = await Promise.all([
          q.listCharacters(db, filter, { limit, offset }),
          q.countCharacters(db, filter),
        ]);
        return { characters, count: characters.length, total_count: total, limit, offset };
      }),
  );

  server.registerTool(
    'create_character',
    {
      title: 'Create a character',
      description:
        'Creates a character of a series. first_appearance_book_id must be a book of that series. Facts about the ' +
        'character go in add_character_detail, what they know in character_add_character_knowledge_with_chapter.',
      inputSchema: z.object({
        series_id: seriesId,
        name: characterName,
        full_name: fullName.optional(),
        aliases: aliases.optional(),
        character_type: characterType.optional().describe('Role in the series (default main).'),
        first_appearance_book_id: bookId.describe('Book of the series where the character first appears.').optional(),
        status: characterStatus.optional().describe('alive, dead, missing or unknown (default alive).'),
      }),
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
    },
    (args) =>
      runTool(log, 'create_character', async () => {
        if (!(await findSeries(db, args.series_id))) throw notFound('series', args.series_id);
        if (args.first_appearance_book_id !== undefined) {
          await requireBookOfSeries(db, 'first_appearance_book_id', args.first_appearance_book_id, args.series_id);
        }
        const character = await q.insertCharacter(db, definedOnly(args) as typeof args);
        return { character };
      }),
  );

  server.registerTool(
    'update_character',
    {
      title: 'Update a character',
      description:
        "Changes a character's name, full name, type or status (and optionally aliases or first/last appearance " +
        'book); fields left out keep their value.',
      inputSchema: z.object({
        character_id: characterId,
        name: characterName.optional(),
        full_name: fullName.optional(),
        character_type: characterType.optional(),
        status: characterStatus.optional(),
        aliases: aliases.describe('Replaces the list of aliases.').optional(),
        first_appearance_book_id: bookId.describe('Book of the series where the character first appears.').optional(),
        last_appearance_book_id: bookId.describe('Book of the series where the character last appears.').optional(),
      }),
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    ({ character_id, ...fields }) =>
      runTool(log, 'update_character', async () => {
        const changes = definedOnly(fields);
        if (Object.keys(changes).length === 0) {
          throw new ToolError(
            'Nothing to update: give at least one of name, full_name, character_type, status, aliases, first_appearance_book_id, last_appearance_book_id.',
          );
        }
        const current = await findCharacter(db, character_id);
        if (!current) throw notFound('character', character_id);
        for (const field of ['first_appearance_book_id', 'last_appearance_book_id'] as const) {
          const book = changes[field];
          if (book !== undefined) await requireBookOfSeries(db, field, book, current.series_id);
        }
        const character = await q.updateCharacter(db, character_id, changes);
        if (!character) throw notFound('character', character_id);
        return { character };
      }),
  );
}
