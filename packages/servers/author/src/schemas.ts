import { idField, intField, textField } from '@mcp-writing/toolkit';
import { z } from 'zod';

export const authorId = idField('Id of the author (from list_authors or create_author).');
export const authorName = textField('The author\'s name as it appears on the books (pen name or real name).', 255);
export const authorEmail = z
  .email('must be an email address')
  .max(255, 'must be at most 255 characters')
  .describe('Contact email of the author.');
export const authorBio = z.string().max(20_000, 'must be at most 20000 characters').describe('Short biography.');
export const birthYear = intField('Year the author was born.', 1000, 2100);
