import {
  findPlotThread,
  plotThreadFields,
  plotThreadIdField,
  plotThreadRow,
  requireChaptersInSeries,
  requireInSeries,
  requireThreadStatusId,
  uniqueIds,
  updatePlotThread,
} from '@mcp-writing/domain-story';
import { notFound, runTool, textField, ToolError, type ServerDeps } from '@mcp-writing/toolkit';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { CREATES, UPDATES } from '../annotations.js';
import { insertEvidence, insertReveal, revealRow } from '../queries/reveals.js';
import { evidenceFields, revealFields, revealIdField } from '../schemas.js';

export function registerPlotTools(server: McpServer, { db, log }: ServerDeps): void {
  server.registerTool(
    'plot_create_information_reveal',
    {
      title: 'Plan an information reveal',
      description:
        'Records a reveal of a plot thread: what is revealed, how, how much it matters, whom it affects, the chapter where it happens and the chapters that foreshadow it. Clues are added with plot_add_reveal_evidence.',
      inputSchema: z.object({
        plot_thread_id: plotThreadIdField,
        reveal_type: revealFields.reveal_type,
        information_content: revealFields.information_content,
        reveal_method: revealFields.reveal_method,
        significance_level: revealFields.significance_level,
        affects_characters: revealFields.affects_characters.optional(),
        revealed_in_chapter: revealFields.revealed_in_chapter.optional(),
        consequences: revealFields.consequences.optional(),
        foreshadowing_chapters: revealFields.foreshadowing_chapters.optional(),
      }),
      annotations: CREATES,
    },
    ({ affects_characters, foreshadowing_chapters, ...fields }) =>
      runTool(log, 'plot_create_information_reveal', async () => {
        const thread = await plotThreadRow(db, fields.plot_thread_id);
        if (!thread) throw notFound('plot thread', fields.plot_thread_id);
        const characters = affects_characters === undefined ? undefined : uniqueIds(affects_characters);
        if (characters) await requireInSeries(db, 'characters', characters, thread.series_id, 'affects_characters');
        if (fields.revealed_in_chapter !== undefined) {
          await requireChaptersInSeries(db, [fields.revealed_in_chapter], thread.series_id, 'revealed_in_chapter');
        }
        const foreshadowing = foreshadowing_chapters === undefined ? undefined : uniqueIds(foreshadowing_chapters);
        if (foreshadowing) await requireChaptersInSeries(db, foreshadowing, thread.series_id, 'foreshadowing_chapters');
        const reveal = await insertReveal(db, {
          ...fields,
          affects_characters: characters ?? null,
          foreshadowing_chapters: foreshadowing ?? null,
        });
        return { reveal: { ...reveal, plot_thread_title: thread.title } };
      }),
  );

  server.registerTool(
    'plot_add_reveal_evidence',
    {
      title: 'Add a clue to a reveal',
      description:
        'Adds a clue that sets up an information reveal: its kind, what it is, who finds it, in which chapter, and how much it weighs (critical, important, supporting or a red herring).',
      inputSchema: z.object({
        reveal_id: revealIdField,
        evidence_type: evidenceFields.evidence_type,
        evidence_description: evidenceFields.evidence_description,
        discovered_by: evidenceFields.discovered_by.optional(),
        discovery_chapter: evidenceFields.discovery_chapter.optional(),
        significance: evidenceFields.significance.optional(),
      }),
      annotations: CREATES,
    },
    (args) =>
      runTool(log, 'plot_add_reveal_evidence', async () => {
        const reveal = await revealRow(db, args.reveal_id);
        if (!reveal) throw notFound('information reveal', args.reveal_id);
        if (reveal.series_id !== null) {
          if (args.discovered_by !== undefined) {
            await requireInSeries(db, 'characters', args.discovered_by, reveal.series_id, 'discovered_by');
          }
          if (args.discovery_chapter !== undefined) {
            await requireChaptersInSeries(db, [args.discovery_chapter], reveal.series_id, 'discovery_chapter');
          }
        }
        const evidence = await insertEvidence(db, args);
        return { evidence };
      }),
  );

  server.registerTool(
    'resolve_plot_thread',
    {
      title: 'Resolve a plot thread',
      description:
        'Marks a plot thread resolved, recording the book number where it is resolved and how; its end_book becomes that book number.',
      inputSchema: z.object({
        thread_id: plotThreadIdField,
        resolution_book: plotThreadFields.resolution_book,
        resolution_notes: textField('How the thread was resolved.', 50_000),
      }),
      annotations: UPDATES,
    },
    ({ thread_id, resolution_book, resolution_notes }) =>
      runTool(log, 'resolve_plot_thread', async () => {
        const thread = await plotThreadRow(db, thread_id);
        if (!thread) throw notFound('plot thread', thread_id);
        if (thread.start_book !== null && resolution_book < thread.start_book) {
          throw new ToolError(`resolution_book (${resolution_book}) must not be before the thread's start_book (${thread.start_book}).`);
        }
        const current_status_id = await requireThreadStatusId(db, 'resolved');
        await updatePlotThread(db, thread_id, { current_status_id, resolution_book, resolution_notes, end_book: resolution_book });
        return { plot_thread: await findPlotThread(db, thread_id) };
      }),
  );
}
