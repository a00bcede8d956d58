import type { NewTimelineEvent } from '@mcp-writing/db';
import {
  findTimelineEvent,
  insertTimelineEvent,
  replaceEventParticipants,
  requireInSeries,
  requireSeries,
  seriesIdField,
  timelineEventFields,
  uniqueIds,
} from '@mcp-writing/domain-story';
import { definedOnly, runTool, type ServerDeps } from '@mcp-writing/toolkit';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { CREATES } from '../annotations.js';

export function registerTimelineTools(server: McpServer, { db, log }: ServerDeps): void {
  server.registerTool(
    'create_timeline_event',
    {
      title: 'Create a timeline event',
      description:
        'Adds an in-world event to a series\' timeline: its date as the story reckons it, period, significance, whether it is public knowledge, the book it belongs to and the characters who take part. timeline_map_event_to_chapter records where the narrative shows it.',
      inputSchema: z.object({
        series_id: seriesIdField,
        event_name: timelineEventFields.event_name,
        event_description: timelineEventFields.event_description.optional(),
        event_date: timelineEventFields.event_date,
        book_id: timelineEventFields.book_id.optional(),
        sort_order: timelineEventFields.sort_order.optional(),
        time_period: timelineEventFields.time_period.optional(),
        participants: timelineEventFields.participants.optional(),
        significance: timelineEventFields.significance.optional(),
        is_public_knowledge: timelineEventFields.is_public_knowledge.optional(),
      }),
      annotations: CREATES,
    },
    ({ participants, ...fields }) =>
      runTool(log, 'create_timeline_event', async () => {
        const timeline_event = await db.transaction().execute(async (trx) => {
          await requireSeries(trx, fields.series_id);
          if (fields.book_id !== undefined) await requireInSeries(trx, 'books', fields.book_id, fields.series_id, 'book_id');
          const characters = uniqueIds(participants ?? []);
          await requireInSeries(trx, 'characters', characters, fields.series_id, 'participants');
          const { id } = await insertTimelineEvent(trx, definedOnly(fields) as NewTimelineEvent);
          await replaceEventParticipants(trx, id, characters);
          return findTimelineEvent(trx, id);
        });
        return { timeline_event };
      }),
  );
}
