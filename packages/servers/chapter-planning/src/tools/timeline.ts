import {
  clearableId,
  chapterIdField,
  findTimelineEvent,
  replaceEventParticipants,
  requireChapter,
  requireInSeries,
  timelineEventFields,
  timelineEventIdField,
  timelineEventRow,
  uniqueIds,
  updateTimelineEvent,
} from '@mcp-writing/domain-story';
import { definedOnly, notFound, runTool, ToolError, type ServerDeps } from '@mcp-writing/toolkit';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { CREATES, UPDATES } from '../annotations.js';
import { findMapping, insertMapping, mappingRow, updateMapping } from '../queries/event-mappings.js';
import { mappingFields, mappingIdField } from '../schemas.js';

export function registerTimelineTools(server: McpServer, { db, log }: ServerDeps): void {
  server.registerTool(
    'timeline_map_event_to_chapter',
    {
      title: 'Map a timeline event to a chapter',
      description:
        'Records where the narrative shows an in-world event: the chapter (and scene), how it is presented (direct scene, flashback, memory, reference, foreshadowing, dream, retelling), from whose point of view and how completely. An event may be shown in several chapters.',
      inputSchema: z.object({
        event_id: timelineEventIdField,
        chapter_id: chapterIdField,
        scene_number: mappingFields.scene_number.optional(),
        presentation_type: mappingFields.presentation_type.optional(),
        pov_character_id: mappingFields.pov_character_id.optional(),
        event_aspect: mappingFields.event_aspect.optional(),
        completeness: mappingFields.completeness.default('full'),
        narrative_function: mappingFields.narrative_function.optional(),
      }),
      annotations: CREATES,
    },
    (args) =>
      runTool(log, 'timeline_map_event_to_chapter', async () => {
        const event = await timelineEventRow(db, args.event_id);
        if (!event) throw notFound('timeline event', args.event_id);
        const chapter = await requireChapter(db, args.chapter_id);
        if (chapter.series_id !== event.series_id) {
          throw new ToolError(
            `chapter_id: chapter ${chapter.id} belongs to series ${chapter.series_id}, but timeline event ${event.id} belongs to series ${event.series_id}.`,
            'conflict',
          );
        }
        if (args.pov_character_id !== undefined) {
          await requireInSeries(db, 'characters', args.pov_character_id, event.series_id, 'pov_character_id');
        }
        const { id } = await insertMapping(db, definedOnly(args) as typeof args);
        return { mapping: await findMapping(db, id) };
      }),
  );

  server.registerTool(
    'update_timeline_event',
    {
      title: 'Update a timeline event',
      description:
        'Changes an in-world event\'s name, description, date, book, order, period, significance or public-knowledge flag, and/or replaces its participants; fields left out keep their value. book_id null detaches it from its book.',
      inputSchema: z.object({
        event_id: timelineEventIdField,
        event_name: timelineEventFields.event_name.optional(),
        event_description: timelineEventFields.event_description.optional(),
        event_date: timelineEventFields.event_date.optional(),
        book_id: clearableId('Id of the book the event belongs to (same series), or null for none.').optional(),
        sort_order: timelineEventFields.sort_order.optional(),
        time_period: timelineEventFields.time_period.optional(),
        participants: timelineEventFields.participants.optional(),
        significance: timelineEventFields.significance.optional(),
        is_public_knowledge: timelineEventFields.is_public_knowledge.optional(),
      }),
      annotations: UPDATES,
    },
    ({ event_id, participants, ...fields }) =>
      runTool(log, 'update_timeline_event', async () => {
        const changes = definedOnly(fields);
        if (Object.keys(changes).length === 0 && participants === undefined) {
          throw new ToolError(
            'Nothing to update: give at least one of event_name, event_description, event_date, book_id, sort_order, time_period, participants, significance, is_public_knowledge.',
          );
        }
        const timeline_event = await db.transaction().execute(async (trx) => {
          const event = await timelineEventRow(trx, event_id);
          if (!event) throw notFound('timeline event', event_id);
          if (changes.book_id != null) await requireInSeries(trx, 'books', changes.book_id, event.series_id, 'book_id');
          const characters = participants === undefined ? undefined : uniqueIds(participants);
          if (characters) await requireInSeries(trx, 'characters', characters, event.series_id, 'participants');
          await updateTimelineEvent(trx, event_id, changes);
          if (characters) await replaceEventParticipants(trx, event_id, characters);
          return findTimelineEvent(trx, event_id);
        });
        return { timeline_event };
      }),
  );

  server.registerTool(
    'update_event_mapping',
    {
      title: 'Update an event-to-chapter mapping',
      description:
        'Changes how a chapter shows an event (scene, presentation, point of view, aspect, completeness, narrative function); fields left out keep their value. pov_character_id null removes the POV.',
      inputSchema: z.object({
        mapping_id: mappingIdField,
        scene_number: mappingFields.scene_number.optional(),
        presentation_type: mappingFields.presentation_type.optional(),
        pov_character_id: clearableId('Id of the POV character (same series), or null for none.').optional(),
        event_aspect: mappingFields.event_aspect.optional(),
        completeness: mappingFields.completeness.optional(),
        narrative_function: mappingFields.narrative_function.optional(),
      }),
      annotations: UPDATES,
    },
    ({ mapping_id, ...fields }) =>
      runTool(log, 'update_event_mapping', async () => {
        const changes = definedOnly(fields);
        if (Object.keys(changes).length === 0) {
          throw new ToolError(
            'Nothing to update: give at least one of scene_number, presentation_type, pov_character_id, event_aspect, completeness, narrative_function.',
          );
        }
        const mapping = await mappingRow(db, mapping_id);
        if (!mapping) throw notFound('event mapping', mapping_id);
        if (changes.pov_character_id != null && mapping.series_id !== null) {
          await requireInSeries(db, 'characters', changes.pov_character_id, mapping.series_id, 'pov_character_id');
        }
        await updateMapping(db, mapping_id, changes);
        return { mapping: await findMapping(db, mapping_id) };
      }),
  );
}
