import type { Db } from '@mcp-writing/db';
import { countWords, lengthStats, recomputeWordTotals, round } from '@mcp-writing/domain-writing';
import { definedOnly, notFound, pageFields, runTool, ToolError, type ServerDeps } from '@mcp-writing/toolkit';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { normalizeLookups } from '../queries/lookups.js';
import * as q from '../queries/scenes.js';
import { chapterId, sceneFields, sceneId, sceneNumber } from '../schemas.js';

const WRITE = { readOnlyHint: false, destructiveHint: false, openWorldHint: false } as const;

export function registerSceneRecordTools(server: McpServer, { db, log }: ServerDeps): void {
  server.registerTool(
    'create_scene',
    {
      title: 'Create a scene',
      description:
        'Adds a scene to a chapter. scene_number must be free in the chapter. scene_type, scene_purpose and writing_status ' +
        'must be names from their lookup lists; pov_character_id and scene_participants must be characters of the book\'s ' +
        'series. When the scene has words (scene_content, whose words are counted unless word_count is given), the chapter\'s ' +
        'word_count and the book\'s actual_word_count are recomputed as the sums of their scenes and chapters.',
      inputSchema: z.object({
        chapter_id: chapterId,
        scene_number: sceneNumber,
        scene_title: sceneFields.scene_title.optional(),
        scene_purpose: sceneFields.scene_purpose.optional(),
        scene_type: sceneFields.scene_type.optional(),
        location: sceneFields.location.optional(),
        time_of_day: sceneFields.time_of_day.optional(),
        duration: sceneFields.duration.optional(),
        summary: sceneFields.summary.optional(),
        pov_character_id: sceneFields.pov_character_id.optional(),
        scene_participants: sceneFields.scene_participants.optional(),
        writing_status: sceneFields.writing_status.default('planned'),
        target_word_count: sceneFields.target_word_count.optional(),
        intensity_level: sceneFields.intensity_level.optional(),
        scene_elements: sceneFields.scene_elements.optional(),
        notes: sceneFields.notes.optional(),
        scene_outline: sceneFields.scene_outline.optional(),
        scene_content: sceneFields.scene_content.optional(),
        scene_revisions: sceneFields.scene_revisions.optional(),
        word_count: sceneFields.word_count.optional(),
      }),
      annotations: { ...WRITE, idempotentHint: false },
    },
    (args) =>
      runTool(log, 'create_scene', () =>
        db.transaction().execute(async (trx) => {
          const chapter = await q.requireChapter(trx, args.chapter_id);
          const fields = await normalizeLookups(trx, definedOnly(args) as typeof args);
          await checkCharacters(trx, chapter.series_id, args);
          await q.requireFreeSceneNumber(trx, chapter.id, args.scene_number);
          const wordCount = args.word_count ?? (args.scene_content !== undefined ? countWords(args.scene_content) : undefined);
          const values = { ...fields, ...(wordCount !== undefined ? { word_count: wordCount } : {}) };
          const scene = await q.insertScene(trx, values).catch((error: unknown) => {
            throw q.isSceneNumberConflict(error) ? q.duplicateScene(chapter.id, args.scene_number) : error;
          });
          const totals = (wordCount ?? 0) > 0 ? await recomputeWordTotals(trx, chapter.id) : undefined;
          return { scene, ...(totals ?? {}) };
        }),
      ),
  );

  server.registerTool(
    'update_scene',
    {
      title: 'Update a scene',
      description:
        'Changes fields of a scene; fields left out keep their value, lists given replace the stored list. Giving ' +
        'scene_content without word_count recounts the words. When word_count changes, the chapter\'s word_count and the ' +
        'book\'s actual_word_count are recomputed in the same transaction.',
      inputSchema: z.object({
        scene_id: sceneId,
        scene_title: sceneFields.scene_title.optional(),
        scene_purpose: sceneFields.scene_purpose.optional(),
        scene_type: sceneFields.scene_type.optional(),
        location: sceneFields.location.optional(),
        time_of_day: sceneFields.time_of_day.optional(),
        duration: sceneFields.duration.optional(),
        summary: sceneFields.summary.optional(),
        word_count: sceneFields.word_count.optional(),
        target_word_count: sceneFields.target_word_count.optional(),
        pov_character_id: sceneFields.pov_character_id.optional(),
        scene_participants: sceneFields.scene_participants.optional(),
        writing_status: sceneFields.writing_status.optional(),
        intensity_level: sceneFields.intensity_level.optional(),
        scene_elements: sceneFields.scene_elements.optional(),
        notes: sceneFields.notes.optional(),
        scene_outline: sceneFields.scene_outline.optional(),
        scene_content: sceneFields.scene_content.optional(),
        scene_revisions: sceneFields.scene_revisions.optional(),
      }),
      annotations: { ...WRITE, idempotentHint: true },
    },
    ({ scene_id, ...fields }) =>
      runTool(log, 'update_scene', () =>
        db.transaction().execute(async (trx) => {
          const given = definedOnly(fields);
          if (Object.keys(given).length === 0) {
            throw new ToolError('Nothing to update: give at least one field of the scene to change.');
          }
          const current = await q.requireSceneContext(trx, scene_id);
          const changes = await normalizeLookups(trx, given);
          await checkCharacters(trx, current.series_id, fields);
          if (changes.word_count === undefined && changes.scene_content !== undefined) changes.word_count = countWords(changes.scene_content);
          const scene = await q.updateScene(trx, scene_id, changes);
          const totals = changes.word_count !== undefined ? await recomputeWordTotals(trx, current.chapter_id) : undefined;
          return { scene, ...(totals ?? {}) };
        }),
      ),
  );

  server.registerTool(
    'get_scene',
    {
      title: 'Get a scene',
      description:
        'Gets one scene with its full text (scene_content), its chapter, and with include_characters the POV character ' +
        'and participants (name, type, role) plus the presence records that place characters in this scene.',
      inputSchema: z.object({
        scene_id: sceneId,
        include_characters: z.boolean().default(false).describe('Add the scene\'s characters and presence records (default false).'),
      }),
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    ({ scene_id, include_characters }) =>
      runTool(log, 'get_scene', async () => {
        const scene = await q.findSceneWithContent(db, scene_id);
        if (!scene) throw notFound('scene', scene_id);
        if (!include_characters) return { scene };
        const [characters, presence] = await Promise.all([
          q.sceneCharacters(db, scene),
          q.presenceForScene(db, scene.chapter_id, scene.id, scene.scene_number),
        ]);
        return { scene: { ...scene, characters, presence } };
      }),
  );

  server.registerTool(
    'list_scenes',
    {
      title: 'List scenes',
      description:
        'Lists the scenes of a chapter in scene order (without their full text: content_length gives its size; use ' +
        'get_scene for the text), optionally filtered by scene_type and writing_status, paged. include_stats adds totals ' +
        'over all matching scenes: words, targets, average length, counts by writing status and scene type, POV split.',
      inputSchema: z.object({
        chapter_id: chapterId,
        scene_type: sceneFields.scene_type.optional(),
        writing_status: sceneFields.writing_status.optional(),
        include_stats: z.boolean().default(false).describe('Add statistics over all matching scenes (default false).'),
        ...pageFields(),
      }),
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (args) =>
      runTool(log, 'list_scenes', async () => {
        await q.requireChapter(db, args.chapter_id);
        const lookups = await normalizeLookups(db, definedOnly({ scene_type: args.scene_type, writing_status: args.writing_status }));
        const filter = { chapterId: args.chapter_id, sceneType: lookups.scene_type, writingStatus: lookups.writing_status };
        const [scenes, facts] = await Promise.all([q.listScenes(db, filter, args), q.sceneFacts(db, filter)]);
        const result: Record<string, unknown> = {
          chapter_id: args.chapter_id,
          scenes,
          count: scenes.length,
          total_count: facts.length,
          limit: args.limit,
          offset: args.offset,
        };
        if (args.include_stats) result.stats = sceneStats(facts);
        return result;
      }),
  );
}

async function checkCharacters(db: Db, seriesId: number, args: { pov_character_id?: number; scene_participants?: number[] }) {
  if (args.pov_character_id !== undefined) await q.requireSeriesCharacters(db, seriesId, [args.pov_character_id], 'pov_character_id');
  if (args.scene_participants) await q.requireSeriesCharacters(db, seriesId, args.scene_participants, 'scene_participants');
}

function tally(values: readonly (string | number | null)[]) {
  const counts: Record<string, number> = {};
  for (const value of values) {
    const key = value === null ? 'unset' : String(value);
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

function sceneStats(facts: Awaited<ReturnType<typeof q.sceneFacts>>) {
  const words = facts.map((f) => f.word_count ?? 0);
  const total = words.reduce((s, w) => s + w, 0);
  const targets = facts.filter((f) => (f.target_word_count ?? 0) > 0);
  const targetTotal = targets.reduce((s, f) => s + (f.target_word_count ?? 0), 0);
  const intensities = facts.map((f) => f.intensity_level).filter((v): v is number => v !== null);
  return {
    scene_count: facts.length,
    total_word_count: total,
    lengths: lengthStats(words),
    scenes_with_target: targets.length,
    target_word_count_total: targetTotal,
    target_completion_percentage: targetTotal > 0 ? round((targets.reduce((s, f) => s + (f.word_count ?? 0), 0) / targetTotal) * 100, 1) : null,
    average_intensity: intensities.length > 0 ? round(intensities.reduce((s, v) => s + v, 0) / intensities.length, 2) : null,
    by_writing_status: tally(facts.map((f) => f.writing_status)),
    by_scene_type: tally(facts.map((f) => f.scene_type)),
    by_scene_purpose: tally(facts.map((f) => f.scene_purpose)),
    by_pov_character_id: tally(facts.map((f) => f.pov_character_id)),
  };
}
