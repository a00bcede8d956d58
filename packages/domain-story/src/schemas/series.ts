import { intField, textField } from '@mcp-writing/toolkit';
import { z } from 'zod';
import { idList, optionalText } from '../fields.js';

export const SERIES_STATUSES = ['ongoing', 'completed', 'hiatus'] as const;
export type SeriesStatus = (typeof SERIES_STATUSES)[number];

/** The editable fields of a series (create_series, update_series). */
export const seriesFields = {
  title: textField('Title of the series.', 255),
  description: optionalText('What the series is about (premise, scope). An empty string clears it.'),
  start_year: intField('Year the first book was or will be published.', 1000, 3000),
  status: z.enum(SERIES_STATUSES).describe('Publication state of the series: ongoing, completed or hiatus.'),
};

/** Genre ids of a series: the whole set (replaces the series' current genres). */
export const seriesGenreIds = idList(
  'Ids of the series\' genres (get_available_options with option_type "genres" lists them). Replaces the current set; an empty list removes all genres.',
  'Id of a genre.',
  50,
);
