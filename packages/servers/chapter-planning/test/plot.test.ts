import { startServer, type ServerHarness } from '@mcp-writing/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChapterPlanningServer } from '../src/index.js';
import { makeStory, rowCount } from './fixtures.js';
import { fails as failsOn, ok as okOn } from './helpers.js';

let h: ServerHarness;
const ok = <T>(tool: string, args: Record<string, unknown>) => okOn<T>(h, tool, args);
const fails = (tool: string, args: Record<string, unknown>, message: RegExp) => failsOn(h, tool, args, message);
beforeAll(async () => {
  h = await startServer('chapter-planning', createChapterPlanningServer);
});
afterAll(() => h?.close());

const thread = (seriesId: number, values: { start_book?: number; end_book?: number } = {}) =>
  h.db.insertInto('plot_threads').values({ series_id: seriesId, title: 'The Lamp', ...values }).returning('id').executeTakeFirstOrThrow();

describe('plot_create_information_reveal', () => {
  it('stores the reveal with its chapters and characters', async () => {
    const story = await makeStory(h.db, 'Reveal');
    const t = await thread(story.series.id);
    const { reveal } = await ok<{ reveal: { id: number; plot_thread_title: string; affects_characters: number[] } }>('plot_create_information_reveal', {
      plot_thread_id: t.id,
      reveal_type: 'secret',
      information_content: 'Tobin lit the lamp.',
      reveal_method: 'Confession',
      significance_level: 'climactic',
      affects_characters: [story.character.id],
      revealed_in_chapter: story.chapter2.id,
      consequences: 'Mara leaves the island.',
      foreshadowing_chapters: [story.chapter1.id, story.chapter1.id],
    });
    expect(reveal).toMatchObject({ plot_thread_title: 'The Lamp', affects_characters: [story.character.id] });
    const row = await h.db.selectFrom('information_reveals').selectAll().where('id', '=', reveal.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      plot_thread_id: t.id,
      reveal_type: 'secret',
      information_content: 'Tobin lit the lamp.',
      reveal_method: 'Confession',
      significance_level: 'climactic',
      affects_characters: [story.character.id],
      revealed_in_chapter: story.chapter2.id,
      consequences: 'Mara leaves the island.',
      foreshadowing_chapters: [story.chapter1.id],
    });
  });

  it('refuses chapters and characters of another series and an unknown thread', async () => {
    const story = await makeStory(h.db, 'RevRefuse');
    const other = await makeStory(h.db, 'RevOther');
    const t = await thread(story.series.id);
    const base = { plot_thread_id: t.id, reveal_type: 'secret', information_content: 'I', reveal_method: 'M', significance_level: 'minor' };
    const before = await rowCount(h.db, 'information_reveals');
    await fails('plot_create_information_reveal', { ...base, revealed_in_chapter: other.chapter1.id }, /revealed_in_chapter: chapter .* belongs to series/);
    await fails('plot_create_information_reveal', { ...base, foreshadowing_chapters: [story.chapter1.id, 353_535] }, /chapter 353535 not found \(foreshadowing_chapters\)/);
    await fails('plot_create_information_reveal', { ...base, affects_characters: [other.character.id] }, /affects_characters: character/);
    await fails('plot_create_information_reveal', { ...base, plot_thread_id: 464_646 }, /plot thread 464646 not found/);
    expect(await rowCount(h.db, 'information_reveals')).toBe(before);
  });

  it.each([
    [{ plot_thread_id: 1, information_content: 'I', reveal_method: 'M', significance_level: 'minor' }, /reveal_type/],
    [{ plot_thread_id: 1, reveal_type: 'rumour', information_content: 'I', reveal_method: 'M', significance_level: 'minor' }, /reveal_type/],
    [{ plot_thread_id: 1, reveal_type: 'secret', information_content: 'I', reveal_method: 'M', significance_level: 'huge' }, /significance_level/],
    [{ plot_thread_id: 1, reveal_type: 'secret', reveal_method: 'M', significance_level: 'minor' }, /information_content/],
    [{ plot_thread_id: 1, reveal_type: 'secret', information_content: 'I', significance_level: 'minor' }, /reveal_method/],
    [{ plot_thread_id: 1, reveal_type: 'secret', information_content: 'I', reveal_method: 'M', significance_level: 'minor', foreshadowing_chapters: [1.5] }, /foreshadowing_chapters/],
  ])('rejects %j naming the field', async (args, field) => {
    await fails('plot_create_information_reveal', args, field);
  });
});

describe('plot_add_reveal_evidence', () => {
  it('adds a clue to a reveal', async () => {
    const story = await makeStory(h.db, 'Clue');
    const t = await thread(story.series.id);
    const reveal = await h.db.insertInto('information_reveals').values({ plot_thread_id: t.id, information_content: 'Tobin did it' }).returning('id').executeTakeFirstOrThrow();
    const { evidence } = await ok<{ evidence: { id: number; reveal_id: number; significance: string } }>('plot_add_reveal_evidence', {
      reveal_id: reveal.id,
      evidence_type: 'physical',
      evidence_description: 'A burnt match in the lamp room',
      discovered_by: story.character.id,
      discovery_chapter: story.chapter1.id,
      significance: 'critical',
    });
    expect(evidence).toMatchObject({ reveal_id: reveal.id, significance: 'critical' });
    const row = await h.db.selectFrom('reveal_evidence').selectAll().where('id', '=', evidence.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      reveal_id: reveal.id,
      evidence_type: 'physical',
      evidence_description: 'A burnt match in the lamp room',
      discovered_by: story.character.id,
      discovery_chapter: story.chapter1.id,
      significance: 'critical',
    });
  });

  it('refuses a finder or chapter of another series and an unknown reveal', async () => {
    const story = await makeStory(h.db, 'ClueRefuse');
    const other = await makeStory(h.db, 'ClueOther');
    const t = await thread(story.series.id);
    const reveal = await h.db.insertInto('information_reveals').values({ plot_thread_id: t.id, information_content: 'X' }).returning('id').executeTakeFirstOrThrow();
    const base = { reveal_id: reveal.id, evidence_type: 'witness', evidence_description: 'Saw him' };
    await fails('plot_add_reveal_evidence', { ...base, discovered_by: other.character.id }, /discovered_by: character/);
    await fails('plot_add_reveal_evidence', { ...base, discovery_chapter: other.chapter1.id }, /discovery_chapter: chapter/);
    await fails('plot_add_reveal_evidence', { ...base, reveal_id: 575_757 }, /information reveal 575757 not found/);
  });

  it.each([
    [{ reveal_id: 1, evidence_description: 'D' }, /evidence_type/],
    [{ reveal_id: 1, evidence_type: 'hearsay', evidence_description: 'D' }, /evidence_type/],
    [{ reveal_id: 1, evidence_type: 'physical' }, /evidence_description/],
    [{ reveal_id: 1, evidence_type: 'physical', evidence_description: 'D', significance: 'trivial' }, /significance/],
  ])('rejects %j naming the field', async (args, field) => {
    await fails('plot_add_reveal_evidence', args, field);
  });
});

describe('resolve_plot_thread', () => {
  it('marks the thread resolved with its resolution book and notes', async () => {
    const story = await makeStory(h.db, 'Resolve');
    const t = await thread(story.series.id, { start_book: 1, end_book: 4 });
    const { plot_thread } = await ok<{ plot_thread: { id: number; current_status: string; resolution_book: number; end_book: number } }>('resolve_plot_thread', {
      thread_id: t.id,
      resolution_book: 2,
      resolution_notes: 'Tobin confesses at the wake.',
    });
    expect(plot_thread).toMatchObject({ id: t.id, current_status: 'resolved', resolution_book: 2, end_book: 2 });
    const resolved = await h.db.selectFrom('plot_thread_statuses').select('id').where('status_name', '=', 'resolved').executeTakeFirstOrThrow();
    const row = await h.db.selectFrom('plot_threads').selectAll().where('id', '=', t.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ current_status_id: resolved.id, resolution_book: 2, resolution_notes: 'Tobin confesses at the wake.', end_book: 2 });
  });

  it('refuses a resolution before the thread starts and an unknown thread', async () => {
    const story = await makeStory(h.db, 'ResolveRefuse');
    const t = await thread(story.series.id, { start_book: 3 });
    await fails('resolve_plot_thread', { thread_id: t.id, resolution_book: 2, resolution_notes: 'N' }, /resolution_book \(2\) must not be before the thread's start_book \(3\)/);
    await fails('resolve_plot_thread', { thread_id: 686_868, resolution_book: 1, resolution_notes: 'N' }, /plot thread 686868 not found/);
    const row = await h.db.selectFrom('plot_threads').select(['resolution_book', 'end_book']).where('id', '=', t.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ resolution_book: null, end_book: null });
  });

  it.each([
    [{ thread_id: 1, resolution_book: 1 }, /resolution_notes/],
    [{ thread_id: 1, resolution_notes: 'N' }, /resolution_book/],
    [{ thread_id: 1, resolution_book: 'two', resolution_notes: 'N' }, /resolution_book/],
    [{ resolution_book: 1, resolution_notes: 'N' }, /thread_id/],
  ])('rejects %j naming the field', async (args, field) => {
    await fails('resolve_plot_thread', args, field);
  });
});
