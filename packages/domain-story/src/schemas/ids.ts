import { idField } from '@mcp-writing/toolkit';

export const seriesIdField = idField('Id of the series (from list_series or create_series).');
export const bookIdField = idField('Id of the book (from list_books or create_book).');
export const chapterIdField = idField('Id of the chapter (from book_list_chapters or book_create_chapter).');
export const characterIdField = idField('Id of the character (from list_characters or create_character).');
export const locationIdField = idField('Id of the location (from get_locations or create_location).');
export const organizationIdField = idField('Id of the organization (from get_organizations or create_organization).');
export const worldElementIdField = idField('Id of the world element (from get_world_elements or create_world_element).');
export const worldSystemIdField = idField('Id of the world system (from define_world_system).');
export const plotThreadIdField = idField('Id of the plot thread (from create_plot_thread or get_plot_threads).');
export const timelineEventIdField = idField('Id of the timeline event (from create_timeline_event).');
