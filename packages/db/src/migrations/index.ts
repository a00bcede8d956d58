import type { Migration } from 'kysely';
import * as initialSchema from './0001-initial-schema.js';
import * as seedLookups from './0002-seed-lookups.js';
import * as toolColumns from './0003-tool-columns.js';

/**
 * Every migration, for kysely's Migrator (a static provider: nothing is read
 * from disk). Names sort in the order they run; a landed migration is frozen.
 */
export const migrations: Record<string, Migration> = {
  '0001-initial-schema': { up: initialSchema.up },
  '0002-seed-lookups': { up: seedLookups.up },
  '0003-tool-columns': { up: toolColumns.up },
};
