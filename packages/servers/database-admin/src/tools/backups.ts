import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { describeDbError, sql } from '@mcp-writing/db';
import { runTool, ToolError } from '@mcp-writing/toolkit';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { describeBackup, writeBackup, type BackupPlan } from '../backup/create.js';
import { backupId, locateBackup, MANIFEST_SUFFIX, parseManifest, requireManifest, type Manifest } from '../backup/format.js';
import { restoreBackup, type RestoreRequest } from '../backup/restore.js';
import { checkBackup } from '../backup/validate.js';
import { auditedRead, type AdminContext } from '../context.js';
import { backupFileName, compressField, restoreConflict, tableName } from '../schemas.js';

const FORMAT_NOTE =
  'Backups are files in the server\'s backup directory: <id>.jsonl[.gz] (one {"t": table, "r": row} JSON line per row, tables in foreign-key order) and <id>.manifest.json (type, created_at, row counts per table, size and sha256 of the data file).';

/** A duplicate-key failure of a restore or import, with what to do about it. */
export function withConflictHint(error: unknown, what: string, options: string): unknown {
  const described = describeDbError(error);
  if (described?.kind === 'duplicate') return new ToolError(`${described.message} Nothing was ${what}: use ${options}.`, 'duplicate');
  return error;
}

async function readManifests(ctx: AdminContext) {
  const root = await ctx.backups.root();
  const entries = await readdir(root, { withFileTypes: true });
  const manifests: Manifest[] = [];
  const unreadable: { file: string; problem: string }[] = [];
  const others: { file: string; size_bytes: number; modified_at: string }[] = [];
  const dataFiles = new Set<string>();
  for (const entry of entries) {
    if (entry.name.startsWith('.') || !entry.isFile()) continue;
    if (entry.name.endsWith(MANIFEST_SUFFIX)) {
      const parsed = parseManifest(await readFile(path.join(root, entry.name), 'utf8'));
      if (parsed.manifest && parsed.manifest.id === backupId(entry.name)) {
        manifests.push(parsed.manifest);
        if (parsed.manifest.data_file) dataFiles.add(parsed.manifest.data_file);
      } else {
        unreadable.push({ file: entry.name, problem: parsed.problem ?? 'the manifest names another backup' });
      }
    }
  }
  for (const entry of entries) {
    if (entry.name.startsWith('.') || !entry.isFile() || entry.name.endsWith(MANIFEST_SUFFIX) || dataFiles.has(entry.name)) continue;
    const info = await stat(path.join(root, entry.name));
    others.push({ file: entry.name, size_bytes: info.size, modified_at: info.mtime.toISOString() });
  }
  return { manifests, unreadable, others };
}

async function latestFull(ctx: AdminContext): Promise<Manifest> {
  const { manifests } = await readManifests(ctx);
  const fulls = manifests.filter((m) => m.type === 'full' && m.includes_data).sort((a, b) => b.created_at.localeCompare(a.created_at));
  const latest = fulls[0];
  if (!latest) throw new ToolError('There is no full backup to base an incremental backup on: run db_backup_full first, or give baseBackup.', 'not_found');
  return latest;
}

export function registerBackupTools(server: McpServer, ctx: AdminContext): void {
  const { log } = ctx;

  server.registerTool(
    'db_backup_full',
    {
      title: 'Back up every story table',
      description: `Writes a backup of every row of every story table (not the audit or migration tables), read in pages from one consistent snapshot over this server's single connection and streamed to disk. ${FORMAT_NOTE} includeSchema also stores each table's columns, constraints and indexes in the manifest. Returns the backup's file names, row counts and checksum.`,
      inputSchema: z.object({
        compress: compressField.default(true),
        includeSchema: z.boolean().default(true).describe('Store the tables\' columns, constraints and indexes in the manifest (default true).'),
      }),
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
    },
    (args) =>
      runTool(log, 'db_backup_full', () =>
        auditedRead(ctx, { tool: 'db_backup_full', table: '*' }, async () => {
          const tables = await ctx.catalog.storyTablesInDependencyOrder();
          const manifest = await writeBackup(ctx, {
            type: 'full',
            tables: tables.map((info) => ({ info })),
            compress: args.compress,
            includeData: true,
            includeSchema: args.includeSchema,
          });
          const result = describeBackup(manifest);
          return { result, changes: { backup_file: result.backup_file, total_rows: result.total_rows } };
        }),
      ),
  );

  server.registerTool(
    'db_backup_table',
    {
      title: 'Back up one table',
      description: `Writes a backup of one story table: rows and schema (default), rows only (dataOnly) or schema only (schemaOnly: a manifest without a data file). ${FORMAT_NOTE}`,
      inputSchema: z.object({
        table: tableName(),
        dataOnly: z.boolean().default(false).describe('Rows only, no schema description (default false).'),
        schemaOnly: z.boolean().default(false).describe('Schema description only, no rows (default false).'),
        compress: compressField.default(true),
      }),
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
    },
    (args) =>
      runTool(log, 'db_backup_table', () =>
        auditedRead(ctx, { tool: 'db_backup_table', table: args.table }, async () => {
          if (args.dataOnly && args.schemaOnly) throw new ToolError('dataOnly and schemaOnly exclude each other: give at most one of them.');
          const info = await ctx.catalog.table(args.table, 'write');
          const manifest = await writeBackup(ctx, {
            type: 'table',
            table: info.name,
            tables: [{ info }],
            compress: args.compress,
            includeData: !args.schemaOnly,
            includeSchema: !args.dataOnly,
          });
          const result = describeBackup(manifest);
          return { result, changes: { backup_file: result.backup_file, total_rows: result.total_rows } };
        }),
      ),
  );

  server.registerTool(
    'db_backup_incremental',
    {
      title: 'Back up changes since a backup',
      description: `Writes a backup of the rows created or updated (created_at/updated_at) since a base backup was taken: baseBackup names it (a full or incremental backup), by default the latest full backup, so each incremental holds everything since that full backup. Tables without those timestamps are copied whole (listed as untracked_tables). Deleted rows are not recorded. Restore the base first, then this one with onConflict "overwrite". ${FORMAT_NOTE}`,
      inputSchema: z.object({
        baseBackup: backupFileName('The backup to compare with (default: the latest full backup).').optional(),
      }),
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
    },
    (args) =>
      runTool(log, 'db_backup_incremental', () =>
        auditedRead(ctx, { tool: 'db_backup_incremental', table: '*' }, async () => {
          let base: Manifest;
          if (args.baseBackup !== undefined) {
            base = (await requireManifest(ctx.backups, args.baseBackup, 'baseBackup')).manifest;
            if (base.type === 'table' || !base.includes_data) {
              throw new ToolError('baseBackup must be a full or incremental backup (a table or schema-only backup does not cover the database).');
            }
          } else {
            base = await latestFull(ctx);
          }
          const since = base.snapshot_at;
          const tables = await ctx.catalog.storyTablesInDependencyOrder();
          const untracked: string[] = [];
          const planned: BackupPlan['tables'] = tables.map((info) => {
            const stamps = ['updated_at', 'created_at'].filter((c) => info.column.has(c));
            if (stamps.length === 0) {
              untracked.push(info.name);
              return { info, changed_since: null };
            }
            const filter = sql`(${sql.join(
              stamps.map((c) => sql`${sql.id('t', c)} > CAST(${since} AS timestamp)`),
              sql` OR `,
            )})`;
            return { info, filter, changed_since: since };
          });
          const manifest = await writeBackup(ctx, {
            type: 'incremental',
            tables: planned,
            compress: true,
            includeData: true,
            includeSchema: false,
            incremental: {
              base_backup: base.data_file ?? `${base.id}${MANIFEST_SUFFIX}`,
              base_created_at: base.created_at,
              since,
              untracked_tables: untracked,
            },
          });
          const result = describeBackup(manifest);
          return { result, changes: { backup_file: result.backup_file, base_backup: manifest.base_backup ?? null } };
        }),
      ),
  );

  const restore = (request: RestoreRequest) =>
    restoreBackup(ctx, request).catch((error: unknown) => {
      throw withConflictHint(error, 'restored', 'onConflict "skip" or "overwrite", or dropExisting to replace the current rows');
    });

  server.registerTool(
    'db_restore_full',
    {
      title: 'Restore a backup',
      description:
        'Restores every table of a backup (full, incremental or table) in ONE transaction: the backup is validated first (checksum and row counts); with dropExisting the current rows of those tables are deleted first; rows are inserted in foreign-key order with onConflict deciding about existing keys; id sequences are moved past the restored ids. Any failure changes nothing. Audited (BATCH_INSERT, and BATCH_DELETE for dropExisting).',
      inputSchema: z.object({
        backupFile: backupFileName('The backup to restore.'),
        dropExisting: z.boolean().default(false).describe('Delete the current rows of the backup\'s tables before restoring (default false).'),
        onConflict: restoreConflict.default('error'),
      }),
      annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
    },
    (args) =>
      runTool(log, 'db_restore_full', () =>
        restore({ tool: 'db_restore_full', backupFile: args.backupFile, dropExisting: args.dropExisting, onConflict: args.onConflict }),
      ),
  );

  server.registerTool(
    'db_restore_table',
    {
      title: 'Restore one table from a backup',
      description:
        'Restores the rows of one table from a backup that holds it (full, incremental or table backup), in ONE transaction, validated first, with onConflict deciding about existing keys. Rows it references must already exist. Audited (BATCH_INSERT).',
      inputSchema: z.object({
        backupFile: backupFileName('The backup to restore from.'),
        table: tableName(),
        onConflict: restoreConflict.default('error'),
      }),
      annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
    },
    (args) =>
      runTool(log, 'db_restore_table', () =>
        restore({ tool: 'db_restore_table', backupFile: args.backupFile, table: args.table, dropExisting: false, onConflict: args.onConflict }),
      ),
  );

  server.registerTool(
    'db_list_backups',
    {
      title: 'List backups',
      description:
        'Lists the backups in the backup directory from their manifests (type, created_at, size, rows, tables), newest first or largest first; also lists other files there (exports, files to import) when no type is given.',
      inputSchema: z.object({
        type: z.enum(['full', 'table', 'incremental']).optional().describe('Only backups of this type.'),
        sortBy: z.enum(['date', 'size']).default('date').describe('date (newest first, default) or size (largest first).'),
        limit: z.number().int().min(1).max(1000).default(50).describe('Most backups to return (default 50).'),
      }),
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (args) =>
      runTool(log, 'db_list_backups', async () => {
        const { manifests, unreadable, others } = await readManifests(ctx);
        const chosen = manifests
          .filter((m) => args.type === undefined || m.type === args.type)
          .sort((a, b) => (args.sortBy === 'size' ? b.bytes - a.bytes : b.created_at.localeCompare(a.created_at)));
        const backups = chosen.slice(0, args.limit).map(describeBackup);
        return {
          backups,
          count: backups.length,
          total_count: chosen.length,
          totalCount: chosen.length,
          ...(args.type === undefined ? { other_files: others.sort((a, b) => b.modified_at.localeCompare(a.modified_at)) } : {}),
          ...(unreadable.length > 0 ? { unreadable_manifests: unreadable } : {}),
        };
      }),
  );

  server.registerTool(
    'db_delete_backup',
    {
      title: 'Delete a backup',
      description:
        'Deletes a backup (its data file and manifest) from the backup directory, or another file there (an export). Only names inside the directory are accepted.',
      inputSchema: z.object({
        backupFile: backupFileName('The backup (or export file) to delete.'),
      }),
      annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
    },
    (args) =>
      runTool(log, 'db_delete_backup', async () => {
        const name = ctx.backups.checkName(args.backupFile, 'backupFile');
        const manifestName = `${backupId(name)}${MANIFEST_SUFFIX}`;
        if (await ctx.backups.exists(manifestName)) {
          // Resolving refuses links that point outside the directory, for the manifest and its data file alike.
          const located = await locateBackup(ctx.backups, name, 'backupFile');
          const deleted: string[] = [];
          const dataFile = located.manifest?.data_file;
          if (dataFile && (await ctx.backups.exists(dataFile))) {
            await ctx.backups.existing(dataFile, 'backupFile', 'backup');
            await ctx.backups.remove(dataFile);
            deleted.push(dataFile);
          }
          await ctx.backups.remove(manifestName);
          deleted.push(manifestName);
          return { deleted, backup: located.id };
        }
        await ctx.backups.existing(name, 'backupFile', 'backup');
        await ctx.backups.remove(name);
        return { deleted: [name] };
      }),
  );

  server.registerTool(
    'db_validate_backup',
    {
      title: 'Validate a backup',
      description:
        'Checks a backup without restoring it: the manifest is readable and in the format, the data file exists with the recorded size and sha256, every line is a row of a listed table and the row counts match. Also warns about tables or columns this database lacks. Returns valid, problems and warnings.',
      inputSchema: z.object({
        backupFile: backupFileName('The backup to check.'),
      }),
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (args) =>
      runTool(log, 'db_validate_backup', async () => {
        const check = await checkBackup(ctx, args.backupFile);
        const { manifest, ...rest } = check;
        return { ...rest, ...(manifest ? { backup: describeBackup(manifest) } : {}) };
      }),
  );
}
