import { idField, intField, PG_INT_MAX, textField } from '@mcp-writing/toolkit';
import { optionalText } from '../fields.js';

/** The editable fields of a chapter (book_create_chapter, book_update_chapter). */
export const chapterFields = {
  chapter_number: intField('Number of the chapter within its book (0 for a prologue). Unique within the book.', 0, 100_000),
  title: optionalText('Chapter title. An empty string clears it.', 255),
  subtitle: optionalText('Chapter subtitle. An empty string clears it.', 255),
  summary: optionalText('What happens in the chapter. An empty string clears it.'),
  word_count: intField('Words the chapter has now; the book\'s actual_word_count is kept equal to the sum over its chapters.', 0, PG_INT_MAX),
  target_word_count: intField('Word count the chapter aims for.', 0, PG_INT_MAX),
  status: textField(
    'Writing status of the chapter, one of the writing statuses (planned, draft, revision, final, cut; get_available_options lists them).',
    50,
  ),
  pov_character_id: idField('Id of the point-of-view character (a character of the book\'s series).'),
  primary_location: optionalText('Where the chapter mainly takes place. An empty string clears it.', 2_000),
  story_time_start: optionalText('In-story time the chapter starts (e.g. "Day 3, dawn"). An empty string clears it.', 500),
  story_time_end: optionalText('In-story time the chapter ends. An empty string clears it.', 500),
  story_duration: optionalText('How much in-story time the chapter covers (e.g. "two hours"). An empty string clears it.', 500),
  author_notes: optionalText('The author\'s planning notes on the chapter. An empty string clears them.'),
  writing_notes: optionalText('Notes made while writing or revising the chapter. An empty string clears them.'),
};
