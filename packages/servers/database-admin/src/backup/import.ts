import { stat } from 'node:fs/promises';
import { sql } from '@mcp-writing/db';
import { ToolError } from '@mcp-writing/toolkit';
import { auditedWrite, type AdminContext } from '../context.js';
import { shown, type TableInfo } from '../queries/catalog.js';
import { knownColumn } from '../where.js';
import { CsvSyntaxError, parseCsv } from './csv.js';
import { columnList, conflictClause, countedInsert, syncIdSequence, tableRef, type ConflictPolicy } from './load.js';
import { isGzip, readText } from './streams.js';

/** Import files are read whole (after gunzip when gzipped): at most this many characters. */
export const MAX_IMPORT_CHARS = 64 * 1024 * 1024;
const CHUNK_ROWS = 500;

export type ImportConflict = 'error' | 'skip' | 'update';

type ImportRecord = Record<string, unknown>;

async function readImportFile(ctx: AdminContext, name: string, field: string): Promise<string> {
  const file = await ctx.backups.existing(name, field);
  const gz = await isGzip(file);
  if (!gz && (await stat(file)).size > MAX_IMPORT_CHARS * 4) throw new ToolError(`${field} is larger than the import limit (64 MB of text).`);
  try {
    return await readText(file, gz, MAX_IMPORT_CHARS);
  } catch (error) {
    if (error instanceof RangeError) throw new ToolError(`${field} is larger than the import limit (64 MB of text).`);
    throw new ToolError(`${field} ${shown(name)} cannot be read${gz ? ' (damaged gzip)' : ''}.`);
  }
}

/** Records of a JSON import file: an array of objects, or an object whose `records` is one (what db_export_json writes). */
export async function jsonRecords(ctx: AdminContext, name: string): Promise<ImportRecord[]> {
  const text = await readImportFile(ctx, name, 'jsonFile');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ToolError(`jsonFile ${shown(name)} is not valid JSON.`);
  }
  const list = Array.isArray(parsed) ? parsed : (parsed as { records?: unknown } | null)?.records;
  if (!Array.isArray(list)) throw new ToolError(`jsonFile ${shown(name)} must hold an array of records or an object with a "records" array.`);
  list.forEach((record, i) => {
    if (typeof record !== 'object' || record === null || Array.isArray(record)) {
      throw new ToolError(`jsonFile record ${i + 1} is not an object.`);
    }
  });
  return list as ImportRecord[];
}

/**
 * Records of a CSV import file. With headers, the first row names the
 * columns; without, the fields follow the table's columns in order. Array
 * and JSON columns take JSON text ("[1,2]"; an array column also takes
 * PostgreSQL's {1,2}); other values are handed to PostgreSQL as text.
 */
export async function csvRecords(ctx: AdminContext, name: string, table: TableInfo, hasHeaders: boolean): Promise<ImportRecord[]> {
  const text = await readImportFile(ctx, name, 'csvFile');
  let rows: (string | null)[][];
  try {
    rows = parseCsv(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    if (error instanceof CsvSyntaxError) throw new ToolError(`csvFile is not valid CSV: ${error.message}.`);
    throw error;
  }
  let header: string[];
  if (hasHeaders) {
    const first = rows.shift();
    if (!first) throw new ToolError('csvFile is empty: the header row is missing.');
    header = first.map((h) => (h ?? '').trim());
  } else {
    header = table.columns.filter((c) => !c.generated).map((c) => c.name);
  }
  for (const name of header) knownColumn(table, name, 'csvFile header');
  return rows.map((fields, i) => {
    const line = i + (hasHeaders ? 2 : 1);
    if (fields.length !== header.length) {
      throw new ToolError(`csvFile row ${line} has ${fields.length} fields, the header has ${header.length}.`);
    }
    const record: ImportRecord = {};
    header.forEach((column, j) => {
      const value = fields[j] ?? null;
      const info = table.column.get(column);
      if (value !== null && info && (info.is_json || (info.is_array && value.trimStart().startsWith('[')))) {
        try {
          record[column] = JSON.parse(value);
        } catch {
          throw new ToolError(`csvFile row ${line}, column ${column}: not valid JSON.`);
        }
      } else {
        record[column] = value;
      }
    });
    return record;
  });
}

/**
 * Loads records into a table in ONE transaction: records are grouped by the
 * columns they carry (a column left out takes its default), each group is
 * inserted in chunks through jsonb_populate_recordset (values converted by
 * PostgreSQL, all as one parameter), honouring onConflict; the id sequence
 * is moved past the highest id. Any failure rolls everything back.
 */
export async function importRecords(
  ctx: AdminContext,
  request: { tool: string; table: string; file: string; onConflict: ImportConflict; load: (table: TableInfo) => Promise<ImportRecord[]> },
) {
  const policy: ConflictPolicy = request.onConflict === 'update' ? 'overwrite' : request.onConflict;
  return auditedWrite(
    ctx,
    { tool: request.tool, operation: 'BATCH_INSERT', table: request.table, attempt: { file: request.file, on_conflict: request.onConflict } },
    async () => {
      const table = await ctx.catalog.table(request.table, 'write');
      const records = await request.load(table);
      if (records.length === 0) throw new ToolError(`${request.file} holds no records to import.`);
      const groups = new Map<string, { columns: string[]; records: ImportRecord[] }>();
      records.forEach((record, i) => {
        const columns = Object.keys(record);
        if (columns.length === 0) throw new ToolError(`Record ${i + 1} has no fields.`);
        for (const column of columns) {
          const info = knownColumn(table, column, `Record ${i + 1}`);
          if (info.generated) throw new ToolError(`Record ${i + 1}: ${column} is computed by the database and cannot be imported.`);
        }
        const key = [...columns].sort().join(',');
        const group = groups.get(key) ?? { columns: [...columns].sort(), records: [] };
        group.records.push(record);
        groups.set(key, group);
      });
      for (const group of groups.values()) {
        if (policy === 'overwrite' && !table.primary_key.every((k) => group.columns.includes(k))) {
          throw new ToolError(`onConflict "update" needs the key (${table.primary_key.join(', ')}) in every record to find the row to update.`);
        }
      }
      return { table, groups: [...groups.values()], total: records.length };
    },
    async (trx, plan) => {
      let inserted = 0;
      let updated = 0;
      for (const group of plan.groups) {
        for (let start = 0; start < group.records.length; start += CHUNK_ROWS) {
          const chunk = JSON.stringify(group.records.slice(start, start + CHUNK_ROWS));
          const counts = await countedInsert(
            trx,
            sql`INSERT INTO ${tableRef(plan.table)} AS t (${columnList(group.columns)})
                SELECT ${columnList(group.columns, 'r')}
                  FROM jsonb_populate_recordset(NULL::${tableRef(plan.table)}, CAST(${chunk} AS jsonb)) AS r
                ${conflictClause(plan.table, group.columns, policy)}`,
          );
          inserted += counts.inserted;
          updated += counts.updated;
        }
      }
      await syncIdSequence(trx, plan.table);
      const result = {
        table: plan.table.name,
        file: request.file,
        on_conflict: request.onConflict,
        records_in_file: plan.total,
        inserted,
        updated,
        skipped: plan.total - inserted - updated,
      };
      return { result, changes: { ...result } };
    },
  );
}
