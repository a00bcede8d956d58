import { characterId, findCharacter } from '@mcp-writing/domain-characters';
import { definedOnly, notFound, runTool, ToolError, type ServerDeps } from '@mcp-writing/toolkit';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import * as q from '../queries/details.js';
import { bookId, confidenceLevel, detailAttribute, detailCategory, detailValue } from '../schemas.js';
import { requireBookOfSeries } from './book-check.js';

const sourceBookId = bookId.describe('Book of the series where this fact is established.');

export function registerCharacterDetailTools(server: McpServer, { db, log }: ServerDeps): void {
  const detailInput = z.object({
    character_id: characterId,
    category: detailCategory,
    attribute: detailAttribute,
    value: detailValue,
    source_book_id: sourceBookId.optional(),
    confidence_level: confidenceLevel.optional(),
  });

  server.registerTool(
    'add_character_detail',
    {
      title: 'Add a character detail',
      description:
        'Records a fact about a character (category + attribute = value, e.g. appearance / eye_color = grey), ' +
        'optionally with the book that establishes it. One value per category and attribute: to change it use ' +
        'update_character_detail.',
      inputSchema: detailInput,
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
    },
    (args) =>
      runTool(log, 'add_character_detail', async () => {
        const character = await findCharacter(db, args.character_id);
        if (!character) throw notFound('character', args.character_id);
        if (args.source_book_id !== undefined) {
          await requireBookOfSeries(db, 'source_book_id', args.source_book_id, character.series_id);
        }
        const existing = await q.findDetail(db, args.character_id, args.category, args.attribute);
        if (existing) {
          throw new ToolError(
            `character ${args.character_id} already has a detail ${args.category} / ${args.attribute} (detail ${existing.id}); use update_character_detail to change it.`,
            'duplicate',
          );
        }
        const detail = await q.insertDetail(db, definedOnly(args) as typeof args);
        return { detail };
      }),
  );

  server.registerTool(
    'update_character_detail',
    {
      title: 'Update a character detail',
      description:
        'Changes the value (and optionally the source book or confidence) of an existing fact about a character, ' +
        'found by its category and attribute (exact, as recorded). Use add_character_detail for a new fact.',
      inputSchema: detailInput,
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    ({ character_id, category, attribute, ...changes }) =>
      runTool(log, 'update_character_detail', async () => {
        const character = await findCharacter(db, character_id);
        if (!character) throw notFound('character', character_id);
        if (changes.source_book_id !== undefined) {
          await requireBookOfSeries(db, 'source_book_id', changes.source_book_id, character.series_id);
        }
        const existing = await q.findDetail(db, character_id, category, attribute);
        if (!existing) {
          throw new ToolError(
            `character detail ${category} / ${attribute} of character ${character_id} not found; use add_character_detail to record it.`,
            'not_found',
          );
        }
        const detail = await q.updateDetail(db, existing.id, definedOnly(changes) as typeof changes);
        return { detail, previous_value: existing.value };
      }),
  );
}
