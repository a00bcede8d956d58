import { jsonOf, startServer, textOf, type ServerHarness } from '@mcp-writing/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReviewServer } from '../src/index.js';
import { LEAK, Story } from './fixtures.js';

interface ExportOut {
  export: {
    id: number;
    book_id: number;
    export_format: string;
    export_type: string;
    chapters_included: number[];
    total_word_count: number;
    filename: string;
    file_size: number;
    intended_use: string;
    export_date: string;
  };
  statistics: { chapters: number; scenes: number; scenes_without_text: number; word_count: number; total_characters: number; returned_characters: number };
  truncated: boolean;
  truncation_note?: string;
  text: string;
}

let h: ServerHarness;
let story: Story;
let book: number;
let c1: number;
let c2: number;
let c3: number;

beforeAll(async () => {
  h = await startServer('review', createReviewServer);
  story = new Story(h.db);
  const author = await h.db.insertInto('authors').values({ name: 'Mara Quill', email: 'mara@example.com' }).returning('id').executeTakeFirstOrThrow();
  const series = await h.db.insertInto('series').values({ author_id: author.id, title: 'The Tide Books' }).returning('id').executeTakeFirstOrThrow();
  book = await story.book(series.id, 2, { title: 'Salt & Smoke', subtitle: 'A harbour tale' });
  // Inserted out of order on purpose: chapters and scenes are exported by number.
  c2 = await story.chapter(book, 2, { title: 'The {Storm}', summary: 'The storm breaks.' });
  c1 = await story.chapter(book, 1, { title: 'Harbour', summary: 'Mara arrives.' });
  c3 = await story.chapter(book, 3, { title: 'Ashes' });
  await story.scene(c1, 2, { scene_content: 'Second scene of one.' });
  await story.scene(c1, 1, { scene_content: 'First line of the book.\nA second paragraph.' });
  await story.scene(c2, 1, { scene_content: 'Backslash \\ and braces {x} — “Ünïcødé” 🌊.' });
  await story.scene(c2, 2, { scene_content: null, scene_title: 'Not written yet' });
});
afterAll(() => h?.close());

async function exportBook(args: Record<string, unknown>): Promise<ExportOut> {
  const res = await h.call('export_manuscript', { book_id: book, ...args });
  expect(res.isError, textOf(res)).toBeFalsy();
  return jsonOf<ExportOut>(res);
}

/** Braces balance (ignoring escaped ones) and the document is one group. */
function rtfBalanced(text: string): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (ch === '\\') {
      i += 1;
      continue;
    }
    if (ch === '{') depth += 1;
    if (ch === '}') {
      depth -= 1;
      if (depth === 0 && text.slice(i + 1).trim() !== '') return false;
      if (depth < 0) return false;
    }
  }
  return depth === 0;
}

describe('export_manuscript', () => {
  it('exports plain text in chapter and scene order with metadata, and records the export', async () => {
    const out = await exportBook({});
    const t = out.text;
    expect(t.startsWith('SALT & SMOKE\nA harbour tale\nby Mara Quill')).toBe(true);
    expect(t).toMatch(/Series: The Tide Books, book 2/);
    expect(t).toMatch(/\[Summary: Mara arrives\.\]/);
    const order = ['Chapter 1: Harbour', 'First line of the book.', 'A second paragraph.', '* * *', 'Second scene of one.', 'Chapter 2: The {Storm}', 'Backslash \\ and braces', 'Chapter 3: Ashes'];
    const positions = order.map((s) => t.indexOf(s));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(out.statistics).toMatchObject({ chapters: 3, scenes: 3, scenes_without_text: 1, word_count: 17 });
    expect(out.truncated).toBe(false);
    expect(out.export).toMatchObject({
      book_id: book,
      export_format: 'txt',
      export_type: 'full_manuscript',
      chapters_included: [c1, c2, c3],
      total_word_count: 17,
      filename: 'salt-smoke.txt',
      file_size: Buffer.byteLength(t),
      intended_use: 'backup',
    });
    const row = await h.db.selectFrom('manuscript_exports').selectAll().where('id', '=', out.export.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ export_format: 'txt', export_type: 'full_manuscript', total_word_count: 17, include_metadata: true, intended_use: 'backup', total_pages: 1 });
  });

  it('leaves metadata out when asked', async () => {
    const out = await exportBook({ include_metadata: false });
    expect(out.text).not.toMatch(/Series:|Summary/);
    expect(out.text).toMatch(/Chapter 1: Harbour/);
  });

  it('exports Markdown with headings and scene breaks', async () => {
    const out = await exportBook({ export_format: 'md', export_purpose: 'beta_review' });
    expect(out.text).toMatch(/^# Salt & Smoke\n\n\*A harbour tale\*\n\nby Mara Quill/);
    expect(out.text).toMatch(/- \*\*Series:\*\* The Tide Books, book 2/);
    expect(out.text).toMatch(/## Chapter 1: Harbour\n\n> Mara arrives\.\n\nFirst line of the book\.\n\nA second paragraph\.\n\n\* \* \*\n\nSecond scene of one\./);
    expect(out.export).toMatchObject({ export_format: 'md', filename: 'salt-smoke.md', intended_use: 'beta_review' });
  });

  it('exports valid RTF with escaped text', async () => {
    const out = await exportBook({ export_format: 'rtf' });
    const t = out.text;
    expect(t.startsWith('{\\rtf1\\ansi')).toBe(true);
    expect(rtfBalanced(t)).toBe(true);
    expect(t).toMatch(/\{\\title Salt & Smoke\}\{\\author Mara Quill\}/);
    expect(t).toContain('Chapter 2: The \\{Storm\\}');
    expect(t).toContain('Backslash \\\\ and braces \\{x\\} \\u8212? \\u8220?\\u220?n\\u239?c\\u248?d\\u233?\\u8221? \\u-10180?\\u-8438?.');
    expect(t).toMatch(/\\page\n\{\\pard\\qc\\b\\fs28\\sb240\\sa240 Chapter 1: Harbour\\par\}/);
    expect(t).not.toMatch(/[^\x00-\x7f]/);
    expect(out.export.filename).toBe('salt-smoke.rtf');
  });

  it('exports a standard manuscript layout', async () => {
    const out = await exportBook({ export_format: 'standard_manuscript', export_purpose: 'submission' });
    const lines = out.text.split('\n');
    expect(lines[0]).toMatch(/^Mara Quill\s+about 100 words$/);
    expect(lines[1]).toBe('mara@example.com');
    expect(out.text).toMatch(/\n\s+SALT & SMOKE\n/);
    expect(out.text).toMatch(/\n\s+by Mara Quill\n/);
    expect(out.text).toMatch(/\f\s+Quill \/ SALT & SMOKE \/ Chapter 1\n/);
    expect(out.text).toMatch(/\n {5}First line of the book\.\n\n {5}A second paragraph\.\n\n\s+#\n\n {5}Second scene of one\./);
    expect(out.text.trimEnd().endsWith('THE END')).toBe(true);
    expect((out.text.match(/\f/g) ?? []).length).toBe(3);
    expect(out.export).toMatchObject({ export_format: 'standard_manuscript', filename: 'salt-smoke.txt', intended_use: 'submission' });
  });

  it('exports only the chosen chapters, as a partial export', async () => {
    const out = await exportBook({ chapters_to_include: [c2] });
    expect(out.text).toMatch(/Chapter 2: The \{Storm\}/);
    expect(out.text).not.toMatch(/Chapter 1|Chapter 3/);
    expect(out.export).toMatchObject({ export_type: 'partial', chapters_included: [c2] });
  });

  it('caps the returned text and says so, keeping RTF valid', async () => {
    const big = await story.book(await story.series('Long'), 1, { title: 'Long Book' });
    for (let n = 1; n <= 3; n += 1) {
      const chapter = await story.chapter(big, n);
      await story.scene(chapter, 1, { scene_content: Array.from({ length: 400 }, (_, i) => `Paragraph ${i} of chapter ${n} with some words in it.`).join('\n') });
    }
    const txt = jsonOf<ExportOut>(await h.call('export_manuscript', { book_id: big, max_characters: 5000 }));
    expect(txt.truncated).toBe(true);
    expect(txt.text.length).toBeLessThanOrEqual(5000);
    expect(txt.statistics.returned_characters).toBe(txt.text.length);
    expect(txt.statistics.total_characters).toBeGreaterThan(60_000);
    expect(txt.truncation_note).toMatch(/Only the first \d+ of \d+ characters are returned/);
    expect(txt.export.file_size).toBe(txt.statistics.total_characters);
    expect(txt.export.total_word_count).toBe(3 * 400 * 10);
    const rtf = jsonOf<ExportOut>(await h.call('export_manuscript', { book_id: big, export_format: 'rtf', max_characters: 5000 }));
    expect(rtf.truncated).toBe(true);
    expect(rtf.text.length).toBeLessThanOrEqual(5000);
    expect(rtfBalanced(rtf.text)).toBe(true);
  });

  it('refuses chapters of another book and unknown ids, recording nothing', async () => {
    const before = await story.count('manuscript_exports');
    const other = await story.chapter(await story.book(await story.series('Other'), 1), 1);
    const foreign = await h.call('export_manuscript', { book_id: book, chapters_to_include: [c1, other] });
    expect(foreign.isError).toBe(true);
    expect(textOf(foreign)).toMatch(new RegExp(`chapter ${other} is not in book ${book}`));
    const missingBook = await h.call('export_manuscript', { book_id: 999_111 });
    expect(textOf(missingBook)).toMatch(/book 999111 not found/);
    const missingChapter = await h.call('export_manuscript', { book_id: book, chapters_to_include: [999_222] });
    expect(textOf(missingChapter)).toMatch(/chapter 999222 not found/);
    expect(await story.count('manuscript_exports')).toBe(before);
  });

  it('refuses an empty chapters_to_include (found by the T17 fuzzer: it was an internal error), recording nothing', async () => {
    const before = await story.count('manuscript_exports');
    const res = await h.call('export_manuscript', { book_id: book, chapters_to_include: [] });
    expect(res.isError).toBe(true);
    expect(textOf(res)).toMatch(/chapters_to_include is empty/);
    expect(textOf(res)).not.toMatch(/Internal error/);
    expect(textOf(res)).not.toMatch(LEAK);
    expect(await story.count('manuscript_exports')).toBe(before);
  });

  it.each([
    [{}, /book_id/],
    [{ book_id: 1, export_format: 'pdf' }, /export_format/],
    [{ book_id: 1, export_purpose: 'fun' }, /export_purpose/],
    [{ book_id: 1, include_metadata: 'yes' }, /include_metadata/],
    [{ book_id: 1, chapters_to_include: [0] }, /chapters_to_include/],
    [{ book_id: 1, max_characters: 10 }, /max_characters/],
  ])('rejects %j naming the field', async (args, field) => {
    const res = await h.call('export_manuscript', args);
    expect(res.isError).toBe(true);
    expect(textOf(res)).toMatch(field);
    expect(textOf(res)).not.toMatch(LEAK);
  });
});
