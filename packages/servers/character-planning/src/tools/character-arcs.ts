import { characterId, findCharacter } from '@mcp-writing/domain-characters';
import { definedOnly, notFound, runTool, textField, ToolError, type ServerDeps } from '@mcp-writing/toolkit';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import * as q from '../queries/character-arcs.js';
import { arcDescription, arcState, bookId } from '../schemas.js';
import { requireBookOfSeries } from './book-check.js';

export function registerCharacterArcTools(server: McpServer, { db, log }: ServerDeps): void {
  server.registerTool(
    'create_character_arc',
    {
      title: 'Create a character arc',
      description:
        "Records a character's arc in one book of their series: what it is about and where the character starts " +
        'and ends. One arc per character and book.',
      inputSchema: z.object({
        character_id: characterId,
        book_id: bookId.describe('Book of the character\'s series the arc belongs to.'),
        arc_description: arcDescription,
        start_state: arcState('Who the character is at the start of the book (stored as starting_state).').optional(),
        end_state: arcState('Who the character is at the end of the book (stored as ending_state).').optional(),
        arc_name: textField('Optional short name of the arc, e.g. "From thief to guardian".', 255).optional(),
      }),
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
    },
    ({ character_id, book_id, arc_description, start_state, end_state, arc_name }) =>
      runTool(log, 'create_character_arc', async () => {
        const character = await findCharacter(db, character_id);
        if (!character) throw notFound('character', character_id);
        await requireBookOfSeries(db, 'book_id', book_id, character.series_id);
        const existing = await q.findCharacterArc(db, character_id, book_id);
        if (existing) {
          throw new ToolError(
            `character ${character_id} already has an arc in book ${book_id} (arc ${existing.id}).`,
            'duplicate',
          );
        }
        const arc = await q.insertCharacterArc(
          db,
          definedOnly({
            character_id,
            book_id,
            arc_description,
            arc_name,
            starting_state: start_state,
            ending_state: end_state,
          }) as q.NewArc,
        );
        return { arc };
      }),
  );
}
