import type { Db } from '@mcp-writing/db';
import {
  findCharactersByIds,
  findRelationshipArc,
  participantsField,
  relationshipArcId,
  relationshipArcType,
  withCurrentParticipantNames,
  type Participant,
} from '@mcp-writing/domain-characters';
import { definedOnly, idField, notFound, pageFields, runTool, ToolError, type ServerDeps } from '@mcp-writing/toolkit';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import * as q from '../queries/relationship-arcs.js';
import {
  arcName,
  changeType,
  complexityLevel,
  currentDynamic,
  developmentFactors,
  dynamicChange,
  plotThreadId,
  tensionChange,
  triggerEvent,
} from '../schemas.js';

/**
 * Every participant must be an existing character of the series; the stored
 * entry carries the character's recorded name.
 */
async function resolveParticipants(
  db: Db,
  participants: readonly Participant[],
  seriesId: number | null,
  threadId: number | null,
): Promise<q.StoredParticipant[]> {
  const found = new Map((await findCharactersByIds(db, participants.map((p) => p.character_id))).map((c) => [c.id, c]));
  const stored: q.StoredParticipant[] = [];
  for (const p of participants) {
    const character = found.get(p.character_id);
    if (!character) throw notFound('character', p.character_id);
    if (seriesId !== null && character.series_id !== seriesId) {
      throw new ToolError(
        `participants: character ${character.id} (${character.name}) belongs to series ${character.series_id}, but plot thread ${threadId} is in series ${seriesId}.`,
      );
    }
    stored.push({ character_id: character.id, role_in_relationship: p.role_in_relationship, character_name: character.name });
  }
  if (seriesId === null && new Set(stored.map((p) => found.get(p.character_id)?.series_id)).size > 1) {
    throw new ToolError('participants: all characters of a relationship must belong to the same series.');
  }
  return stored;
}

async function arcResult(db: Db, arcId: number) {
  const arc = await findRelationshipArc(db, arcId);
  if (!arc) throw notFound('relationship arc', arcId);
  return arc;
}

export function registerRelationshipArcTools(server: McpServer, { db, log }: ServerDeps): void {
  server.registerTool(
    'create_relationship_arc',
    {
      title: 'Create a relationship arc',
      description:
        'Creates a relationship arc between two or more characters, tied to a plot thread. All participants must ' +
        "be characters of the plot thread's series. Track its changes chapter by chapter with track_relationship_dynamics.",
      inputSchema: z.object({
        plot_thread_id: plotThreadId,
        arc_name: arcName,
        participants: participantsField,
        relationship_type: relationshipArcType,
        current_dynamic: currentDynamic.optional(),
        development_factors: developmentFactors.optional(),
        complexity_level: complexityLevel.optional(),
      }),
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
    },
    ({ participants, ...args }) =>
      runTool(log, 'create_relationship_arc', async () => {
        const thread = await q.findPlotThread(db, args.plot_thread_id);
        if (!thread) throw notFound('plot thread', args.plot_thread_id);
        const stored = await resolveParticipants(db, participants, thread.series_id, thread.id);
        const id = await q.insertRelationshipArc(db, { ...(definedOnly(args) as typeof args), participants: stored });
        return { arc: await arcResult(db, id) };
      }),
  );

  server.registerTool(
    'update_relationship_arc',
    {
      title: 'Update a relationship arc',
      description:
        'Changes a relationship arc; fields left out keep their value. participants, when given, replaces the ' +
        "whole list (two or more characters of the plot thread's series).",
      inputSchema: z.object({
        arc_id: relationshipArcId,
        arc_name: arcName.optional(),
        participants: participantsField.optional(),
        relationship_type: relationshipArcType.optional(),
        current_dynamic: currentDynamic.optional(),
        development_factors: developmentFactors.describe('Replaces the list of development factors.').optional(),
        complexity_level: complexityLevel.optional(),
      }),
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    ({ arc_id, participants, ...fields }) =>
      runTool(log, 'update_relationship_arc', async () => {
        const changes: q.RelationshipArcChanges = definedOnly(fields);
        if (Object.keys(changes).length === 0 && participants === undefined) {
          throw new ToolError(
            'Nothing to update: give at least one of arc_name, participants, relationship_type, current_dynamic, development_factors, complexity_level.',
          );
        }
        const current = await findRelationshipArc(db, arc_id);
        if (!current) throw notFound('relationship arc', arc_id);
        if (participants !== undefined) {
          changes.participants = await resolveParticipants(db, participants, current.series_id, current.plot_thread_id);
        }
        if (!(await q.updateRelationshipArc(db, arc_id, changes))) throw notFound('relationship arc', arc_id);
        return { arc: await arcResult(db, arc_id) };
      }),
  );

  server.registerTool(
    'track_relationship_dynamics',
    {
      title: 'Track a change in a relationship',
      description:
        'Records a change in a relationship arc, dated by the chapter (and optionally scene) where it happens: ' +
        'what changed, the kind of change and how the tension moved. Given only a scene, the chapter is the ' +
        "scene's chapter. The chapter must be in the arc's series. get_relationship_timeline lists them in order.",
      inputSchema: z.object({
        arc_id: relationshipArcId,
        chapter_id: idField("Chapter where the change happens (a chapter of the arc's series).").optional(),
        scene_id: idField('Scene where the change happens (a scene of chapter_id when both are given).').optional(),
        dynamic_change: dynamicChange,
        tension_change: tensionChange.optional(),
        change_type: changeType,
        trigger_event: triggerEvent.optional(),
      }),
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
    },
    (args) =>
      runTool(log, 'track_relationship_dynamics', async () => {
        const arc = await findRelationshipArc(db, args.arc_id);
        if (!arc) throw notFound('relationship arc', args.arc_id);
        let chapterId = args.chapter_id;
        if (args.scene_id !== undefined) {
          const scene = await q.findScene(db, args.scene_id);
          if (!scene) throw notFound('scene', args.scene_id);
          if (chapterId !== undefined && scene.chapter_id !== chapterId) {
            throw new ToolError(`scene_id: scene ${scene.id} is in chapter ${scene.chapter_id}, not in chapter ${chapterId}.`);
          }
          chapterId = scene.chapter_id;
        }
        let chapter;
        if (chapterId !== undefined) {
          chapter = await q.findChapterWithSeries(db, chapterId);
          if (!chapter) throw notFound('chapter', chapterId);
          if (arc.series_id !== null && chapter.series_id !== arc.series_id) {
            throw new ToolError(
              `chapter ${chapter.id} is in series ${chapter.series_id}, but relationship arc ${arc.id} is in series ${arc.series_id}.`,
            );
          }
        }
        const dynamic = await q.insertDynamic(db, definedOnly({ ...args, chapter_id: chapterId }) as q.NewDynamic);
        return {
          dynamic: {
            ...dynamic,
            chapter_number: chapter?.chapter_number ?? null,
            book_id: chapter?.book_id ?? null,
            book_number: chapter?.book_number ?? null,
          },
          arc: { id: arc.id, arc_name: arc.arc_name, dynamics_count: arc.dynamics_count + 1 },
        };
      }),
  );

  server.registerTool(
    'list_relationship_arcs',
    {
      title: 'List relationship arcs',
      description:
        'Lists relationship arcs with their participants and plot thread, optionally only those of a plot thread, ' +
        'of a relationship type, of a series or involving a character.',
      inputSchema: z.object({
        plot_thread_id: plotThreadId.optional(),
        relationship_type: relationshipArcType.optional(),
        series_id: idField('Only arcs whose plot thread is in this series.').optional(),
        character_id: idField('Only arcs in which this character takes part.').optional(),
        ...pageFields(),
      }),
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    ({ limit, offset, ...filter }) =>
      runTool(log, 'list_relationship_arcs', async () => {
        if (filter.plot_thread_id !== undefined && !(await q.findPlotThread(db, filter.plot_thread_id))) {
          throw notFound('plot thread', filter.plot_thread_id);
        }
        const [rows, total] = await Promise.all([
          q.listRelationshipArcs(db, filter, { limit, offset }),
          q.countRelationshipArcs(db, filter),
        ]);
        const arcs = await withCurrentParticipantNames(db, rows);
        return { arcs, count: arcs.length, total_count: total, limit, offset };
      }),
  );
}
