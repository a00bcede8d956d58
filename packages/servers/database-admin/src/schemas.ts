import { z } from 'zod';
import { WHERE_GRAMMAR } from './where.js';

export const tableName = (what = 'Story table') =>
  z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(128, 'must be at most 128 characters')
    .describe(`${what} name, exactly as db_list_tables lists it (e.g. "books").`);

/** db_get_schema and friends: the contract restricts the name to lower-case letters and underscores. */
export const plainTableName = z
  .string()
  .regex(/^[a-z_]+$/, 'must be a table name of lower-case letters and underscores')
  .describe('Table name, exactly as db_list_tables lists it (lower-case letters and underscores, e.g. "chapter_scenes").');

export const whereObject = (purpose: string) => z.record(z.string(), z.unknown()).describe(`${purpose} ${WHERE_GRAMMAR}`);

export const dataObject = (purpose: string) =>
  z
    .record(z.string(), z.unknown())
    .describe(
      `${purpose} Keys are column names of the table (see db_get_schema); values are JSON: strings, numbers, booleans, null, arrays for array columns, objects for jsonb columns; dates as ISO strings. PostgreSQL converts each value to the column's type.`,
    );

export const backupFileName = (what: string) =>
  z
    .string()
    .min(1, 'must not be empty')
    .max(255, 'must be at most 255 characters')
    .describe(`${what} A plain file name inside the server's backup directory, as db_list_backups lists it; no paths.`);

export const compressField = z.boolean().describe('Gzip the data file (default true).');

export const restoreConflict = z
  .enum(['error', 'skip', 'overwrite'])
  .describe(
    'What to do when a row of the backup has the key of an existing row: error (default) fails the whole restore and changes nothing; skip keeps the existing row; overwrite replaces it with the backup\'s.',
  );

export const importConflict = z
  .enum(['error', 'skip', 'update'])
  .describe(
    'What to do when a record has the key of an existing row: error (default) fails the whole import and changes nothing; skip keeps the existing row; update replaces its columns with the record\'s (records must then carry the id).',
  );

export const dateFilter = (what: string) =>
  z
    .string()
    .refine((value) => !Number.isNaN(Date.parse(value)), 'must be a date (YYYY-MM-DD) or an ISO date-time')
    .describe(what);
