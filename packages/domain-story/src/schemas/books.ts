import { intField, PG_INT_MAX, textField } from '@mcp-writing/toolkit';
import { z } from 'zod';
import { idList, optionalText } from '../fields.js';

export const BOOK_STATUSES = ['planned', 'in_progress', 'draft', 'editing', 'final', 'published'] as const;
export type BookStatus = (typeof BOOK_STATUSES)[number];

/** The editable fields of a book (create_book, update_book). */
export const bookFields = {
  title: textField('Title of the book.', 255),
  book_number: intField(
    'Position of the book in its series (1 = first book; 0 for a prequel). Unique within the series.',
    0,
    100_000,
  ),
  status: z
    .enum(BOOK_STATUSES)
    .describe('Where the book stands: planned, in_progress, draft, editing, final or published.'),
  target_word_count: intField('Word count the book aims for.', 0, PG_INT_MAX),
  actual_word_count: intField(
    'Words written so far. Recomputed from the chapters\' word counts whenever a chapter\'s count changes.',
    0,
    PG_INT_MAX,
  ),
  publication_year: intField('Year the book was or will be published.', 1000, 3000),
  description: optionalText('What the book is about. An empty string clears it.'),
  isbn: optionalText('ISBN of the published book (at most 20 characters). An empty string clears it.', 20),
  page_count: intField('Number of printed pages.', 0, 1_000_000),
  cover_image_url: optionalText('URL of the cover image. An empty string clears it.', 512),
  genre_names: z
    .array(z.string().trim().min(1, 'must not be empty').max(50, 'must be at most 50 characters'))
    .max(30, 'must have at most 30 entries')
    .describe(
      'Genre names of the book (e.g. "fantasy", "romance"); matched case-insensitively, and a name not yet known is added as a new genre. Replaces the book\'s current genres; an empty list removes them all.',
    ),
};

/** Genre ids of a book: the whole set (replaces the book's current genres). */
export const bookGenreIds = idList(
  'Ids of the book\'s genres (get_available_options with option_type "genres" lists them). Replaces the current set; an empty list removes all genres.',
  'Id of a genre.',
  50,
);
