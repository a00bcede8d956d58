import { idField, textField } from '@mcp-writing/toolkit';
import { z } from 'zod';
import { idList, optionalText, signedIntField } from '../fields.js';

export const EVENT_SIGNIFICANCES = ['major', 'minor', 'background'] as const;

/** The fields of a timeline event (create_timeline_event, update_timeline_event). */
export const timelineEventFields = {
  event_name: textField('Name of the in-world event.', 255),
  event_description: optionalText('What happened. An empty string clears it.'),
  event_date: textField(
    'When the event happens in the story\'s world, as the story reckons it (e.g. "1843-05-02", "Year 312 of the Empire, spring").',
    500,
  ),
  book_id: idField('Id of the book the event belongs to (a book of the same series).'),
  sort_order: signedIntField('Position of the event in the chronology; events are ordered by it (lower first).'),
  time_period: optionalText('Era or period the event falls in (e.g. "The Long Winter"). An empty string clears it.', 100),
  participants: idList(
    'Ids of the characters who take part (characters of the same series). On update, replaces the participant list.',
    'Id of a character.',
  ),
  significance: z.enum(EVENT_SIGNIFICANCES).describe('How much the event matters: major, minor or background.'),
  is_public_knowledge: z.boolean().describe('Whether people in the story\'s world generally know about the event.'),
};
