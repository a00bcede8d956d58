import { runTool, type ServerDeps } from '@mcp-writing/toolkit';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import * as q from '../queries/chapter-characters.js';
import { requireChapter } from '../queries/scenes.js';
import { chapterId, importanceLevel, presenceType } from '../schemas.js';

type Presence = Awaited<ReturnType<typeof q.presenceOfChapter>>[number];

interface Appearance {
  character_id: number;
  roles: Set<string>;
  scene_numbers: Set<number>;
  presence?: Presence;
}

/** Does a presence record place the character in scene n? Its scene, or its enters/exits range when it names one. */
function coversScene(p: Presence, n: number): boolean {
  if (p.scene_id !== null) return p.scene_number_of_record === n;
  if (p.enters_at_scene === null && p.exits_at_scene === null) return false;
  return (p.enters_at_scene ?? Number.NEGATIVE_INFINITY) <= n && n <= (p.exits_at_scene ?? Number.POSITIVE_INFINITY);
}

export function registerChapterCharacterTools(server: McpServer, { db, log }: ServerDeps): void {
  server.registerTool(
    'get_characters_in_chapter',
    {
      title: 'Get the characters in a chapter',
      description:
        'Who appears in a chapter, combining presence records (track_character_presence) with the POV characters and ' +
        'participants of its scenes. Each character comes with roles (tracked, pov, participant), the scene numbers they ' +
        'are in, presence_type and importance_level (from the presence record; a character known only from scenes counts ' +
        'as "present", with importance "major" when POV and "minor" otherwise: importance_source says which), and their ' +
        'physical and emotional state. scene_number keeps the characters of that scene (scene lists, and presence records ' +
        'tied to that scene or whose enters/exits range covers it); presence_type and importance_level filter further.',
      inputSchema: z.object({
        chapter_id: chapterId,
        scene_number: z.number().int().min(1).max(100_000).describe('Only characters in this scene of the chapter.').optional(),
        presence_type: presenceType.describe('Only characters with this presence type.').optional(),
        importance_level: importanceLevel.describe('Only characters of this importance.').optional(),
      }),
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    ({ chapter_id, scene_number, presence_type, importance_level }) =>
      runTool(log, 'get_characters_in_chapter', async () => {
        const chapter = await requireChapter(db, chapter_id);
        const [presence, scenes] = await Promise.all([q.presenceOfChapter(db, chapter_id), q.scenesOfChapter(db, chapter_id)]);
        const byCharacter = new Map<number, Appearance>();
        const entry = (id: number) => {
          const found = byCharacter.get(id) ?? { character_id: id, roles: new Set<string>(), scene_numbers: new Set<number>() };
          byCharacter.set(id, found);
          return found;
        };
        for (const p of presence) {
          if (scene_number !== undefined && !coversScene(p, scene_number)) continue;
          const e = entry(p.character_id);
          e.roles.add('tracked');
          e.presence = p;
          if (p.scene_number_of_record !== null) e.scene_numbers.add(p.scene_number_of_record);
        }
        for (const s of scenes) {
          if (scene_number !== undefined && s.scene_number !== scene_number) continue;
          if (s.pov_character_id !== null) {
            const e = entry(s.pov_character_id);
            e.roles.add('pov');
            e.scene_numbers.add(s.scene_number);
          }
          for (const id of s.scene_participants ?? []) {
            const e = entry(id);
            e.roles.add('participant');
            e.scene_numbers.add(s.scene_number);
          }
        }
        const characters = new Map((await q.charactersByIds(db, [...byCharacter.keys()])).map((c) => [c.id, c]));
        const rows = [...byCharacter.values()]
          .map((e) => {
            const c = characters.get(e.character_id);
            const derivedImportance = e.roles.has('pov') ? 'major' : 'minor';
            return {
              character_id: e.character_id,
              name: c?.name ?? null,
              full_name: c?.full_name ?? null,
              character_type: c?.character_type ?? null,
              status: c?.status ?? null,
              roles: ['tracked', 'pov', 'participant'].filter((r) => e.roles.has(r)),
              scene_numbers: [...e.scene_numbers].sort((a, b) => a - b),
              presence_type: e.presence?.presence_type ?? 'present',
              importance_level: e.presence?.importance_level ?? derivedImportance,
              importance_source: e.presence?.importance_level ? 'tracked' : 'derived',
              physical_state: e.presence?.physical_state ?? null,
              emotional_state: e.presence?.emotional_state ?? null,
              enters_at_scene: e.presence?.enters_at_scene ?? null,
              exits_at_scene: e.presence?.exits_at_scene ?? null,
              presence_id: e.presence?.id ?? null,
            };
          })
          .filter((r) => presence_type === undefined || r.presence_type === presence_type)
          .filter((r) => importance_level === undefined || r.importance_level === importance_level)
          .sort((a, b) => (a.name ?? '').localeCompare(b.name ?? '') || a.character_id - b.character_id);
        return {
          chapter: { id: chapter.id, chapter_number: chapter.chapter_number, title: chapter.title, book_id: chapter.book_id },
          scene_number: scene_number ?? null,
          characters: rows,
          count: rows.length,
        };
      }),
  );
}
