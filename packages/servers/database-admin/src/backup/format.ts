import { readFile } from 'node:fs/promises';
import { ToolError } from '@mcp-writing/toolkit';
import { z } from 'zod';
import { shown } from '../queries/catalog.js';
import type { BackupStore } from './store.js';

/**
 * Backup format, version 1. A backup is two files in the backup directory:
 *
 * - `<id>.jsonl` or `<id>.jsonl.gz` (gzip via node:zlib): one line per row,
 *   `{"t":"<table>","r":<row as PostgreSQL's row_to_json prints it>}`, tables
 *   in foreign-key order (referenced tables first), rows of a table by id.
 *   row_to_json keeps every value exactly (timestamps to the microsecond,
 *   numeric digits, arrays, jsonb); restore turns a line back into a row with
 *   jsonb_populate_record, so no value passes through a JavaScript type.
 * - `<id>.manifest.json`: what the backup holds (type, created_at, the
 *   snapshot time incremental backups compare with, per table the row count
 *   and columns, optionally the schema), the data file's size and the sha256
 *   of its bytes as stored. Written last: a backup without one is incomplete.
 *
 * `<id>` is `full-<stamp>`, `table-<table>-<stamp>` or `incremental-<stamp>`.
 */
export const FORMAT = 'mcp-writing-backup';
export const FORMAT_VERSION = 1;
export const MANIFEST_SUFFIX = '.manifest.json';

const columnSchema = z.object({ name: z.string(), type: z.string(), nullable: z.boolean(), default: z.string().nullable() });

const manifestSchema = z.object({
  format: z.literal(FORMAT),
  version: z.literal(FORMAT_VERSION),
  id: z.string(),
  type: z.enum(['full', 'table', 'incremental']),
  table: z.string().optional(),
  created_at: z.string(),
  snapshot_at: z.string(),
  database: z.string(),
  data_file: z.string().nullable(),
  compressed: z.boolean(),
  bytes: z.number().int().min(0),
  sha256: z.string().nullable(),
  includes_data: z.boolean(),
  includes_schema: z.boolean(),
  total_rows: z.number().int().min(0),
  tables: z.array(
    z.object({
      name: z.string(),
      rows: z.number().int().min(0),
      columns: z.array(z.string()),
      changed_since: z.string().nullable().optional(),
    }),
  ),
  schema: z
    .record(
      z.string(),
      z.object({
        columns: z.array(columnSchema),
        constraints: z.array(z.object({ name: z.string(), kind: z.string(), definition: z.string() })),
        indexes: z.array(z.object({ name: z.string(), definition: z.string() })),
      }),
    )
    .optional(),
  base_backup: z.string().optional(),
  base_created_at: z.string().optional(),
  since: z.string().optional(),
  untracked_tables: z.array(z.string()).optional(),
});

export type Manifest = z.infer<typeof manifestSchema>;
export type BackupType = Manifest['type'];

/** `full-…`, `full-….jsonl.gz` and `full-….manifest.json` all name the same backup. */
export function backupId(name: string): string {
  for (const suffix of [MANIFEST_SUFFIX, '.jsonl.gz', '.jsonl']) {
    if (name.endsWith(suffix) && name.length > suffix.length) return name.slice(0, -suffix.length);
  }
  return name;
}

export function dataFileName(id: string, compressed: boolean): string {
  return `${id}.jsonl${compressed ? '.gz' : ''}`;
}

/** The manifest's checked content, or a reason it cannot be read. */
export function parseManifest(text: string): { manifest?: Manifest; problem?: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { problem: 'the manifest is not valid JSON' };
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { problem: `the manifest is not a ${FORMAT} v${FORMAT_VERSION} manifest (${issue?.path.join('.') || 'root'}: ${issue?.message ?? 'invalid'})` };
  }
  return { manifest: parsed.data };
}

export interface LocatedBackup {
  id: string;
  manifestName: string;
  manifestPath: string;
  manifest?: Manifest;
  problem?: string;
}

/** Finds the backup a caller names (by id, data file or manifest name) inside the backup directory. */
export async function locateBackup(store: BackupStore, name: string, field: string): Promise<LocatedBackup> {
  const id = backupId(store.checkName(name, field));
  const manifestName = `${id}${MANIFEST_SUFFIX}`;
  let manifestPath: string;
  try {
    manifestPath = await store.existing(manifestName, field, 'backup');
  } catch (error) {
    if (error instanceof ToolError && error.kind === 'not_found') throw new ToolError(`backup ${name} not found`, 'not_found');
    throw error;
  }
  const text = await readFile(manifestPath, 'utf8');
  return { id, manifestName, manifestPath, ...parseManifest(text) };
}

/** Like locateBackup, for tools that need a readable manifest. */
export async function requireManifest(store: BackupStore, name: string, field: string): Promise<LocatedBackup & { manifest: Manifest }> {
  const located = await locateBackup(store, name, field);
  if (!located.manifest) throw new ToolError(`${field} ${shown(name)} cannot be used: ${located.problem ?? 'unreadable manifest'}.`);
  return located as LocatedBackup & { manifest: Manifest };
}

/** One data line: the table name is JSON-encoded, the row is PostgreSQL's own JSON text. */
export function dataLine(table: string, rowJson: string): string {
  return `{"t":${JSON.stringify(table)},"r":${rowJson}}\n`;
}

const LINE = /^\{"t":"([a-z_][a-z0-9_]*)","r":\{.*\}\}$/s;

/** The table of a data line, or undefined when the line is not in the format. */
export function lineTable(line: string): string | undefined {
  return LINE.exec(line)?.[1];
}
