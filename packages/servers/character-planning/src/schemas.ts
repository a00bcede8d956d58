import { idField, intField, longTextField, textField } from '@mcp-writing/toolkit';
import { z } from 'zod';

export const seriesId = idField('Id of the series (from list_series or create_series).');
export const bookId = idField('Id of a book of the series (from list_books or create_book).');
export const plotThreadId = idField('Id of the plot thread (from get_plot_threads or create_plot_thread).');

export const characterName = textField('Short name the character goes by in the text, e.g. "Mara".', 255);
export const fullName = textField('Full name, e.g. "Mara Ellen Voss".', 500);
export const aliases = z
  .array(textField('One alias or nickname.', 255))
  .max(50, 'must list at most 50 aliases')
  .describe('Other names or nicknames the character is known by.');

export const detailCategory = textField('Group of the fact, e.g. "appearance", "backstory", "skills".', 100);
export const detailAttribute = textField('What the fact is about within the category, e.g. "eye_color".', 100);
export const detailValue = textField('The fact itself, e.g. "grey-green".', 20_000);
export const confidenceLevel = z
  .enum(['established', 'mentioned', 'implied'])
  .describe('How firmly the text sets this fact: established (stated on the page), mentioned, or implied.');

export const arcDescription = textField("What the character's arc in this book is about.", 20_000);
export const arcState = (what: string) => z.string().max(20_000, 'must be at most 20000 characters').describe(what);

export const arcName = textField('Name of the relationship arc, e.g. "Mara and Tobin: rivals to allies".', 255);
export const currentDynamic = longTextField('How the relationship stands now.');
export const developmentFactors = z
  .array(textField('One factor.', 1000))
  .max(100, 'must list at most 100 factors')
  .describe('What drives the relationship to change (events, secrets, pressures).');
export const complexityLevel = intField('How complex the relationship is, 1 (simple) to 10 (very tangled).', 1, 10);

export const dynamicChange = textField('What changed in the relationship at this point.', 20_000);
export const tensionChange = intField(
  'Change in tension between the characters, -10 (much calmer) to +10 (much tenser).',
  -10,
  10,
);
export const changeType = z
  .enum(['emotional', 'power', 'trust', 'commitment', 'conflict'])
  .describe('What kind of change: emotional, power, trust, commitment or conflict.');
export const triggerEvent = longTextField('What caused the change.');
