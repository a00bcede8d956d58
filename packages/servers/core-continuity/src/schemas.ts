import { idField, intField } from '@mcp-writing/toolkit';
import { z } from 'zod';

export const seriesId = idField('Id of the series (from list_series).');
export const eventId = idField('Id of the timeline event (from create_timeline_event).');
export const lookupName = (what: string) =>
  z.string().trim().min(1, 'must not be empty').max(50, 'must be at most 50 characters').describe(what);
export const bookNumber = intField(
  'Only threads active in the book with this number in the series (started at or before it and not ended before it).',
  0,
  10_000,
);
export const importanceMin = intField('Only threads at least this important (1-10).', 1, 10);
