import { idField, textField } from '@mcp-writing/toolkit';
import { z } from 'zod';
import { SECTIONS } from './report.js';

export const seriesId = idField('Id of the series to report on (from list_series).');
export const bookId = idField('Id of the book to report on (from list_books); makes a book report.');
export const seriesName = textField(
  'Title of the series to report on, matched case-insensitively (an exact title first, else a title containing it; several matches -> an error listing them).',
  255,
);
export const bookName = textField(
  'Title of the book to report on, matched case-insensitively (an exact title first, else a title containing it); narrowed to the series when series_id or series_name is also given.',
  255,
);
export const includeSections = z
  .array(z.enum(SECTIONS))
  .min(1, 'name at least one section')
  .describe(`Sections to include, in any order (default all): ${SECTIONS.join(', ')}.`);
