import { chapterId, characterId, findChapterPosition, findCharacter, knowledgeOfCharacter } from '@mcp-writing/domain-characters';
import { notFound, runTool, ToolError, type ServerDeps } from '@mcp-writing/toolkit';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { analyseContinuity, evidenceWindowStart, labelOf, type IndexedChapter } from '../continuity/analysis.js';
import * as q from '../queries/continuity.js';

export function registerContinuityTools(server: McpServer, { db, log }: ServerDeps): void {
  server.registerTool(
    'check_character_continuity',
    {
      title: "Check a character's continuity between two chapters",
      description:
        "Compares a character's recorded state (physical, emotional, location, from their chapter presence " +
        'records) between two chapters of their series, in reading order (book number, then chapter number). ' +
        'Lists each change with what explains it; a change is explained when something about the character in ' +
        'the chapters after the old state up to the new one (their presence notes, a scene they are in, a plot ' +
        'point affecting them, a mapped timeline event, a chapter summary naming them) mentions a word of the ' +
        'old or new state or a cue word of the kind of change (e.g. heal, wound; grief, betray; travel, arrive). ' +
        'Unexplained changes are issues. For knowledge: what the character learns in between, reveals of ' +
        'something they only learn later, and learning again what they already knew. Flashback and dream ' +
        'records are ignored for states.',
      inputSchema: z.object({
        character_id: characterId,
        from_chapter_id: chapterId.describe('The earlier chapter (a chapter of the character\'s series).'),
        to_chapter_id: chapterId.describe('The later chapter (a chapter of the character\'s series).'),
        check_type: z
          .enum(['physical_state', 'emotional_state', 'knowledge', 'location', 'all'])
          .default('all')
          .describe('What to check: physical_state, emotional_state, knowledge, location, or all (default).'),
      }),
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    ({ character_id, from_chapter_id, to_chapter_id, check_type }) =>
      runTool(log, 'check_character_continuity', async () => {
        const character = await findCharacter(db, character_id);
        if (!character) throw notFound('character', character_id);
        for (const id of [from_chapter_id, to_chapter_id]) {
          const position = await findChapterPosition(db, id);
          if (!position) throw notFound('chapter', id);
          if (position.series_id !== character.series_id) {
            throw new ToolError(
              `chapter ${id} is in series ${position.series_id}, but character ${character_id} belongs to series ${character.series_id}.`,
            );
          }
        }
        if (from_chapter_id === to_chapter_id) {
          throw new ToolError('from_chapter_id and to_chapter_id are the same chapter: give two different chapters.');
        }
        const chapters: IndexedChapter[] = (await q.seriesChapters(db, character.series_id)).map((c, idx) => ({ ...c, idx }));
        const fromIdx = chapters.findIndex((c) => c.id === from_chapter_id);
        const toIdx = chapters.findIndex((c) => c.id === to_chapter_id);
        if (fromIdx > toIdx) {
          throw new ToolError(
            `from_chapter_id ${from_chapter_id} comes after to_chapter_id ${to_chapter_id} in reading order: swap them.`,
          );
        }
        const [presence, knowledge] = await Promise.all([
          q.presenceOfCharacter(db, character_id),
          check_type === 'all' || check_type === 'knowledge' ? knowledgeOfCharacter(db, character_id) : Promise.resolve([]),
        ]);
        const startIdx = evidenceWindowStart(presence, chapters, fromIdx, check_type);
        const windowIds = chapters.slice(startIdx, toIdx + 1).map((c) => c.id);
        const wantsStates = check_type !== 'knowledge';
        const [scenes, plotPoints, events] = wantsStates
          ? await Promise.all([
              q.scenesOfChapters(db, windowIds),
              q.plotPointsOfChapters(db, windowIds),
              q.eventsOfChapters(db, windowIds, character_id),
            ])
          : [[], [], []];
        const result = analyseContinuity({
          character,
          chapters,
          fromIdx,
          toIdx,
          presence,
          knowledge,
          scenes,
          plotPoints,
          events,
          checkType: check_type,
        });
        const inRange = new Set(chapters.slice(fromIdx, toIdx + 1).map((c) => c.id));
        return {
          character: { id: character.id, name: character.name },
          from_chapter: labelOf(chapters[fromIdx] as IndexedChapter),
          to_chapter: labelOf(chapters[toIdx] as IndexedChapter),
          check_type,
          chapters_compared: toIdx - fromIdx + 1,
          presence_records_in_range: presence.filter((p) => inRange.has(p.chapter_id)).length,
          states: result.states,
          changes: result.changes,
          ...(check_type === 'all' || check_type === 'knowledge' ? { knowledge_learned: result.knowledge_learned } : {}),
          issues: result.issues,
          issue_count: result.issues.length,
          consistent: result.issues.length === 0,
        };
      }),
  );
}
