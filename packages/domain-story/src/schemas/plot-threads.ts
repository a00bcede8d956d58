import { idField, intField, textField } from '@mcp-writing/toolkit';
import { z } from 'zod';
import { idList, optionalText } from '../fields.js';

/** Statuses update_plot_thread accepts (names of plot_thread_statuses). */
export const PLOT_THREAD_STATUSES = ['active', 'resolved', 'on_hold', 'abandoned'] as const;
export type PlotThreadStatus = (typeof PLOT_THREAD_STATUSES)[number];

const bookNumber = (description: string) => intField(description, 0, 100_000);

/** The fields of a plot thread (create_plot_thread, update_plot_thread, resolve_plot_thread). */
export const plotThreadFields = {
  title: textField('Title of the plot thread.', 255),
  description: textField('What the thread is about and what is at stake.', 50_000),
  thread_type: textField(
    'Type of thread, one of the plot thread types (series_arc, mini_arc, main_case, subplot, character_arc, mystery_element, romance_arc, world_building; get_available_options lists them).',
    50,
  ),
  importance_level: intField('How important the thread is, 1 (minor) to 10 (central).', 1, 10),
  complexity_level: intField('How complex the thread is, 1 (simple) to 10 (intricate).', 1, 10),
  start_book: bookNumber('Book number (position in the series, not a book id) where the thread starts.'),
  end_book: bookNumber('Book number (position in the series, not a book id) where the thread ends; not before start_book.'),
  related_characters: idList('Ids of the characters involved (characters of the same series).', 'Id of a character.'),
  parent_thread_id: idField('Id of the thread this one is part of (a thread of the same series).'),
  current_status: z
    .enum(PLOT_THREAD_STATUSES)
    .describe('Status of the thread: active, resolved, on_hold or abandoned.'),
  resolution_notes: optionalText('How the thread was resolved. An empty string clears it.'),
  resolution_book: bookNumber('Book number (position in the series, not a book id) where the thread is resolved.'),
};
