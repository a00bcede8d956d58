import { rtfEscape } from './rtf.js';

export const EXPORT_FORMATS = ['txt', 'md', 'rtf', 'standard_manuscript'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export const EXPORT_PURPOSES = ['submission', 'beta_review', 'backup', 'publication'] as const;
export type ExportPurpose = (typeof EXPORT_PURPOSES)[number];

export interface ManuscriptScene {
  scene_number: number;
  content: string;
}

export interface ManuscriptChapter {
  id: number;
  chapter_number: number;
  title: string | null;
  summary: string | null;
  scenes: ManuscriptScene[];
}

export interface Manuscript {
  title: string;
  subtitle: string | null;
  author_name: string | null;
  author_email: string | null;
  series_title: string | null;
  book_number: number | null;
  description: string | null;
  word_count: number;
  export_date: string;
  purpose: ExportPurpose;
  include_metadata: boolean;
  chapters: ManuscriptChapter[];
}

/** The paragraphs of a scene: its lines, without trailing spaces, blank lines dropped. */
export function paragraphs(text: string): string[] {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => line.trim().length > 0);
}

function chapterHeading(chapter: ManuscriptChapter): string {
  return chapter.title?.trim() ? `Chapter ${chapter.chapter_number}: ${chapter.title.trim()}` : `Chapter ${chapter.chapter_number}`;
}

function metadataLines(m: Manuscript): string[] {
  const lines: string[] = [];
  if (m.series_title) lines.push(`Series: ${m.series_title}${m.book_number !== null ? `, book ${m.book_number}` : ''}`);
  lines.push(`Words: ${m.word_count.toLocaleString('en-US')}`);
  lines.push(`Chapters: ${m.chapters.length}`);
  lines.push(`Exported: ${m.export_date} (${m.purpose.replace('_', ' ')})`);
  if (m.description?.trim()) lines.push(`Description: ${m.description.trim()}`);
  return lines;
}

function sceneText(chapter: ManuscriptChapter, sceneBreak: string, render: (p: string) => string): string {
  return chapter.scenes.map((s) => paragraphs(s.content).map(render).join('\n\n')).join(`\n\n${sceneBreak}\n\n`);
}

export function renderTxt(m: Manuscript): string {
  const head = [m.title.toUpperCase(), ...(m.subtitle ? [m.subtitle] : []), ...(m.author_name ? [`by ${m.author_name}`] : [])];
  const parts = [head.join('\n')];
  if (m.include_metadata) parts.push(metadataLines(m).join('\n'));
  parts.push('='.repeat(50));
  for (const chapter of m.chapters) {
    const block = [chapterHeading(chapter)];
    if (m.include_metadata && chapter.summary?.trim()) block.push(`[Summary: ${chapter.summary.trim()}]`);
    const body = sceneText(chapter, '* * *', (p) => p);
    if (body) block.push(body);
    parts.push(block.join('\n\n'));
  }
  return `${parts.join('\n\n\n')}\n`;
}

export function renderMarkdown(m: Manuscript): string {
  const parts = [`# ${m.title}`];
  if (m.subtitle) parts.push(`*${m.subtitle}*`);
  if (m.author_name) parts.push(`by ${m.author_name}`);
  if (m.include_metadata) parts.push(metadataLines(m).map((line) => `- ${line.replace(/^([^:]+):/, '**$1:**')}`).join('\n'));
  for (const chapter of m.chapters) {
    const block = [`## ${chapterHeading(chapter)}`];
    if (m.include_metadata && chapter.summary?.trim()) block.push(`> ${chapter.summary.trim().replace(/\n/g, '\n> ')}`);
    const body = sceneText(chapter, '* * *', (p) => p);
    if (body) block.push(body);
    parts.push(block.join('\n\n'));
  }
  return `${parts.join('\n\n')}\n`;
}

export function renderRtf(m: Manuscript): string {
  const lines = [
    '{\\rtf1\\ansi\\ansicpg1252\\deff0',
    '{\\fonttbl{\\f0\\froman Times New Roman;}}',
    `{\\info{\\title ${rtfEscape(m.title)}}${m.author_name ? `{\\author ${rtfEscape(m.author_name)}}` : ''}${m.subtitle ? `{\\subject ${rtfEscape(m.subtitle)}}` : ''}}`,
    '\\paperw12240\\paperh15840\\margl1440\\margr1440\\margt1440\\margb1440',
    '\\f0\\fs24',
    `{\\pard\\qc\\b\\fs36 ${rtfEscape(m.title)}\\par}`,
  ];
  if (m.subtitle) lines.push(`{\\pard\\qc\\i ${rtfEscape(m.subtitle)}\\par}`);
  if (m.author_name) lines.push(`{\\pard\\qc by ${rtfEscape(m.author_name)}\\par}`);
  if (m.include_metadata) for (const line of metadataLines(m)) lines.push(`{\\pard\\qc\\fs20 ${rtfEscape(line)}\\par}`);
  for (const chapter of m.chapters) {
    lines.push('\\page');
    lines.push(`{\\pard\\qc\\b\\fs28\\sb240\\sa240 ${rtfEscape(chapterHeading(chapter))}\\par}`);
    if (m.include_metadata && chapter.summary?.trim()) lines.push(`{\\pard\\qc\\i\\fs20 ${rtfEscape(chapter.summary.trim())}\\par}`);
    chapter.scenes.forEach((scene, index) => {
      if (index > 0) lines.push('{\\pard\\qc\\sb240\\sa240 *\\par}');
      for (const p of paragraphs(scene.content)) lines.push(`{\\pard\\fi720\\sl480\\slmult1 ${rtfEscape(p)}\\par}`);
    });
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

const WIDTH = 64;

function center(text: string): string {
  return `${' '.repeat(Math.max(0, Math.floor((WIDTH - text.length) / 2)))}${text}`;
}

function sides(left: string, right: string): string {
  return `${left}${' '.repeat(Math.max(1, WIDTH - left.length - right.length))}${right}`;
}

/** "about 85,000 words": nearest 100 under 20,000 words, nearest 1,000 above. */
export function roundedWords(words: number): string {
  const step = words < 20_000 ? 100 : 1000;
  const rounded = Math.max(step, Math.round(words / step) * step);
  return `about ${rounded.toLocaleString('en-US')} words`;
}

/**
 * Plain-text standard manuscript layout: name, contact and rounded word
 * count on the first lines, title and byline centred a third down the page,
 * each chapter on a new page (form feed) under a running header
 * "Surname / TITLE / Chapter N", paragraphs indented and double-spaced,
 * scene breaks as a centred "#", and "THE END".
 */
export function renderStandardManuscript(m: Manuscript): string {
  const author = m.author_name?.trim() || 'Author';
  const surname = author.split(/\s+/).pop() ?? author;
  const shortTitle = m.title.toUpperCase().slice(0, 30);
  const out: string[] = [sides(author, roundedWords(m.word_count))];
  if (m.include_metadata && m.author_email) out.push(m.author_email);
  if (m.include_metadata && m.series_title) out.push(`${m.series_title}${m.book_number !== null ? `, book ${m.book_number}` : ''}`);
  out.push(...Array(12).fill(''));
  out.push(center(m.title.toUpperCase()));
  if (m.subtitle) out.push(center(m.subtitle));
  out.push('', center(`by ${author}`));
  for (const chapter of m.chapters) {
    out.push('\f' + sides('', `${surname} / ${shortTitle} / Chapter ${chapter.chapter_number}`));
    out.push(...Array(6).fill(''));
    out.push(center(`Chapter ${chapter.chapter_number}`));
    if (chapter.title?.trim()) out.push(center(chapter.title.trim()));
    out.push('', '');
    chapter.scenes.forEach((scene, index) => {
      if (index > 0) out.push(center('#'), '');
      for (const p of paragraphs(scene.content)) out.push(`     ${p}`, '');
    });
  }
  out.push('', center('THE END'));
  return `${out.join('\n')}\n`;
}

export function renderManuscript(format: ExportFormat, m: Manuscript): string {
  switch (format) {
    case 'txt':
      return renderTxt(m);
    case 'md':
      return renderMarkdown(m);
    case 'rtf':
      return renderRtf(m);
    case 'standard_manuscript':
      return renderStandardManuscript(m);
  }
}

export const FILE_EXTENSION: Record<ExportFormat, string> = { txt: 'txt', md: 'md', rtf: 'rtf', standard_manuscript: 'txt' };

/**
 * At most `max` characters of the export, cut at a line end; an RTF document
 * is closed again so the part returned is still valid RTF.
 */
export function capText(format: ExportFormat, text: string, max: number): { text: string; truncated: boolean } {
  if (text.length <= max) return { text, truncated: false };
  const closing = format === 'rtf' ? '}\n' : '';
  const room = Math.max(0, max - closing.length - 1);
  let cut = text.lastIndexOf('\n', room);
  if (cut <= 0) cut = room;
  // Never split a surrogate pair.
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  return { text: `${text.slice(0, cut)}\n${closing}`, truncated: true };
}
