import { sql } from '@mcp-writing/db';
import type { AdminContext } from '../context.js';
import type { TableInfo } from '../queries/catalog.js';
import type { Fragment } from '../where.js';
import { csvLine } from './csv.js';
import { rowPages } from './pages.js';
import { fileStamp } from './store.js';
import { FileWriter } from './streams.js';

export type ExportFormat = 'json' | 'csv';

/**
 * Writes the rows of a table or view (filtered by where, up to limit, by id)
 * to `export-<table>-<stamp>.json|csv` in the backup directory, read in pages
 * inside one read-only REPEATABLE READ transaction and streamed to the file.
 * JSON: {"table", "exported_at", "columns", "records": [...], "count"}, one
 * record per line; CSV: a header row, then one row per record (see csv.ts).
 * Both are accepted back by db_import_json / db_import_csv.
 */
export async function exportTable(ctx: AdminContext, table: TableInfo, format: ExportFormat, filter: Fragment | undefined, limit?: number) {
  const file = `export-${table.name}-${fileStamp()}.${format}`;
  const writer = await FileWriter.open(ctx.backups, file, false);
  const columns = table.columns.map((c) => c.name);
  try {
    const { count, exportedAt } = await ctx.db
      .transaction()
      .setIsolationLevel('repeatable read')
      .setAccessMode('read only')
      .execute(async (trx) => {
        const { rows } = await sql<{ now: Date }>`SELECT now() AS now`.execute(trx);
        const exportedAt = (rows[0]?.now ?? new Date()).toISOString();
        let count = 0;
        if (format === 'json') {
          await writer.write(`{"table":${JSON.stringify(table.name)},"exported_at":"${exportedAt}","columns":${JSON.stringify(columns)},"records":[`);
        } else {
          await writer.write(csvLine(columns));
        }
        for await (const page of rowPages(trx, table, filter, limit)) {
          if (format === 'json') {
            await writer.write(page.map((row, i) => `${count + i === 0 ? '\n' : ',\n'}${row}`).join(''));
          } else {
            await writer.write(
              page
                .map((row) => {
                  const record = JSON.parse(row) as Record<string, unknown>;
                  return csvLine(columns.map((c) => record[c]));
                })
                .join(''),
            );
          }
          count += page.length;
        }
        if (format === 'json') await writer.write(`\n],"count":${count}}\n`);
        return { count, exportedAt };
      });
    const { bytes, sha256 } = await writer.finish();
    return { file, table: table.name, format, rows: count, size_bytes: bytes, sha256, exported_at: exportedAt };
  } catch (error) {
    await writer.abort();
    throw error;
  }
}
