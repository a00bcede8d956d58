import { notFound, runTool, type ServerDeps } from '@mcp-writing/toolkit';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { findEvent, mappingsOfEvent } from '../queries/events.js';
import { eventId } from '../schemas.js';

export function registerEventReadTools(server: McpServer, { db, log }: ServerDeps): void {
  server.registerTool(
    'get_event_mappings',
    {
      title: 'Get where an event is shown',
      description:
        'Lists where a timeline event appears in the narrative, in reading order: chapter (and book), scene, how ' +
        'it is presented (direct scene, flashback, memory...), from whose POV, which aspect and how completely.',
      inputSchema: z.object({ event_id: eventId }),
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    ({ event_id }) =>
      runTool(log, 'get_event_mappings', async () => {
        const event = await findEvent(db, event_id);
        if (!event) throw notFound('event', event_id);
        const mappings = await mappingsOfEvent(db, event_id);
        return { event, mappings, count: mappings.length };
      }),
  );
}
