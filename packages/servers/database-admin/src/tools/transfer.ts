import { runTool } from '@mcp-writing/toolkit';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { exportTable, type ExportFormat } from '../backup/export.js';
import { csvRecords, importRecords, jsonRecords, MAX_IMPORT_CHARS } from '../backup/import.js';
import { auditedRead, type AdminContext } from '../context.js';
import { backupFileName, importConflict, tableName, whereObject } from '../schemas.js';
import { whereCondition } from '../where.js';
import { withConflictHint } from './backups.js';

const IMPORT_LIMIT = `${MAX_IMPORT_CHARS / 1024 / 1024} MB`;

export function registerTransferTools(server: McpServer, ctx: AdminContext): void {
  const { log } = ctx;

  const exporter = (tool: string, format: ExportFormat) =>
    server.registerTool(
      tool,
      {
        title: format === 'json' ? 'Export a table as JSON' : 'Export a table as CSV',
        description:
          format === 'json'
            ? 'Writes the rows of a story table or view (optionally filtered by where, up to limit, by id) to export-<table>-<stamp>.json in the backup directory: {"table", "exported_at", "columns", "records": [...], "count"}, values exactly as stored. Streamed page by page. Returns the file name and row count; db_import_json reads the file back.'
            : 'Writes the rows of a story table or view (optionally filtered by where, up to limit, by id) to export-<table>-<stamp>.csv in the backup directory: a header row, then one line per row; NULL is an empty field, "" an empty string, arrays and JSON as JSON text. Streamed page by page. Returns the file name and row count; db_import_csv reads the file back.',
        inputSchema: z.object({
          table: tableName('Story table or view'),
          where: whereObject('Rows to export (default all).').optional(),
          limit: z.number().int().min(1).max(10_000_000).optional().describe('Most rows to export (default all).'),
        }),
        annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
      },
      (args) =>
        runTool(log, tool, () =>
          auditedRead(ctx, { tool, table: args.table, attempt: { where: args.where ?? null } }, async () => {
            const table = await ctx.catalog.table(args.table, 'read');
            const filter = whereCondition(table, args.where);
            const result = await exportTable(ctx, table, format, filter, args.limit);
            return { result, changes: { where: args.where ?? null, file: result.file, rows: result.rows } };
          }),
        ),
    );
  exporter('db_export_json', 'json');
  exporter('db_export_csv', 'csv');

  const importHint = 'onConflict "skip" or "update"';

  server.registerTool(
    'db_import_json',
    {
      title: 'Import records from a JSON file',
      description: `Inserts the records of a JSON file in the backup directory (an array of objects, or an object with a "records" array as db_export_json writes) into a story table, all or nothing in ONE transaction. Keys must be columns of the table; a column left out takes its default. onConflict decides about existing keys. Files up to ${IMPORT_LIMIT} (gzip accepted). Audited (BATCH_INSERT).`,
      inputSchema: z.object({
        table: tableName(),
        jsonFile: backupFileName('The JSON file to import.'),
        onConflict: importConflict.default('error'),
      }),
      annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
    },
    (args) =>
      runTool(log, 'db_import_json', () =>
        importRecords(ctx, {
          tool: 'db_import_json',
          table: args.table,
          file: args.jsonFile,
          onConflict: args.onConflict,
          load: () => jsonRecords(ctx, args.jsonFile),
        }).catch((error: unknown) => {
          throw withConflictHint(error, 'imported', importHint);
        }),
      ),
  );

  server.registerTool(
    'db_import_csv',
    {
      title: 'Import records from a CSV file',
      description: `Inserts the rows of a CSV file in the backup directory into a story table, all or nothing in ONE transaction. With hasHeaders (default) the first row names the columns; without, fields follow the table's column order. An empty unquoted field is NULL, "" an empty string; array and JSON columns take JSON text. onConflict decides about existing keys. Files up to ${IMPORT_LIMIT} (gzip accepted). Audited (BATCH_INSERT).`,
      inputSchema: z.object({
        table: tableName(),
        csvFile: backupFileName('The CSV file to import.'),
        hasHeaders: z.boolean().default(true).describe('The first row holds column names (default true).'),
        onConflict: importConflict.default('error'),
      }),
      annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
    },
    (args) =>
      runTool(log, 'db_import_csv', () =>
        importRecords(ctx, {
          tool: 'db_import_csv',
          table: args.table,
          file: args.csvFile,
          onConflict: args.onConflict,
          load: (table) => csvRecords(ctx, args.csvFile, table, args.hasHeaders),
        }).catch((error: unknown) => {
          throw withConflictHint(error, 'imported', importHint);
        }),
      ),
  );
}
