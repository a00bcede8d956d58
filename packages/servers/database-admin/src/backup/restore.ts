import { sql, type Db } from '@mcp-writing/db';
import { ToolError } from '@mcp-writing/toolkit';
import { auditedWrite, type AdminContext } from '../context.js';
import { dependencyOrder, type TableInfo } from '../queries/catalog.js';
import { lineTable, type Manifest } from './format.js';
import { columnList, conflictClause, countedInsert, syncIdSequence, tableRef, type ConflictPolicy } from './load.js';
import { readLines } from './streams.js';
import { checkBackup } from './validate.js';

export interface RestoreRequest {
  tool: string;
  backupFile: string;
  /** Restore only this table of the backup. */
  table?: string;
  dropExisting: boolean;
  onConflict: ConflictPolicy;
}

interface RestorePlan {
  manifest: Manifest;
  dataPath: string;
  /** Tables to load, referenced tables first, with the columns loaded from the backup. */
  tables: { info: TableInfo; columns: string[]; rows: number }[];
}

const STAGE_LINES = 500;
const STAGE_CHARS = 4_000_000;

/**
 * Restores a backup in ONE transaction on this server's handle: the backup is
 * validated (manifest, size, sha256, row counts) first; its lines are streamed
 * into a temporary staging table (ON COMMIT DROP) in chunks; with dropExisting
 * the tables' current rows are deleted (children first); each table is then
 * loaded by one INSERT ... SELECT in foreign-key order (a single statement
 * per table, so rows referencing rows of the same table load in any order),
 * honouring onConflict; id sequences are moved past the highest id. Any
 * failure rolls everything back.
 */
export async function restoreBackup(ctx: AdminContext, request: RestoreRequest) {
  return auditedWrite<RestorePlan, Record<string, unknown>>(
    ctx,
    {
      tool: request.tool,
      operation: 'BATCH_INSERT',
      table: request.table ?? '*',
      attempt: { backup_file: request.backupFile, drop_existing: request.dropExisting, on_conflict: request.onConflict },
    },
    async () => {
      const check = await checkBackup(ctx, request.backupFile);
      if (!check.valid || !check.manifest) {
        throw new ToolError(`Backup ${request.backupFile} failed validation, nothing was restored: ${check.problems.join('; ')}.`);
      }
      const manifest = check.manifest;
      if (!manifest.includes_data || !manifest.data_file) {
        throw new ToolError(`Backup ${request.backupFile} holds only a schema description; there are no rows to restore.`);
      }
      if (request.dropExisting && manifest.type !== 'full') {
        throw new ToolError(
          `dropExisting needs a full backup: ${request.backupFile} is a ${manifest.type} backup, and deleting rows it does not hold (or their dependants) would lose data. Restore it with onConflict instead.`,
        );
      }
      const dataPath = await ctx.backups.existing(manifest.data_file, 'backupFile', 'backup');
      let wanted = manifest.tables;
      if (request.table !== undefined) {
        await ctx.catalog.table(request.table, 'write');
        wanted = manifest.tables.filter((t) => t.name === request.table);
        if (wanted.length === 0) {
          throw new ToolError(
            `Backup ${request.backupFile} has no table ${request.table}; it holds ${manifest.tables.map((t) => t.name).join(', ') || 'no tables'}.`,
          );
        }
      }
      const tables = [];
      for (const entry of wanted) {
        const info = await ctx.catalog.table(entry.name, 'write');
        const missing = entry.columns.filter((c) => !info.column.has(c));
        if (missing.length > 0) {
          throw new ToolError(
            `Backup column(s) ${missing.join(', ')} of ${entry.name} do not exist in this database; migrate it first. Nothing was restored.`,
          );
        }
        const columns = entry.columns.filter((c) => !info.column.get(c)?.generated);
        tables.push({ info, columns, rows: entry.rows });
      }
      const snapshot = await ctx.catalog.snapshot();
      const order = dependencyOrder(
        tables.map((t) => t.info.name),
        snapshot.foreign_keys,
      );
      tables.sort((a, b) => order.indexOf(a.info.name) - order.indexOf(b.info.name));
      // Every policy but "error" needs the key to match rows; check before touching anything.
      for (const t of tables) conflictClause(t.info, t.columns, request.onConflict);
      return { manifest, dataPath, tables };
    },
    async (trx, plan) => {
      await stage(trx, plan);
      const deleted: Record<string, number> = {};
      if (request.dropExisting) {
        for (const { info } of [...plan.tables].reverse()) {
          const { rows } = await sql<{ n: number }>`
            WITH gone AS (DELETE FROM ${tableRef(info)} RETURNING 1) SELECT count(*)::int AS n FROM gone`.execute(trx);
          deleted[info.name] = rows[0]?.n ?? 0;
        }
      }
      const tables: Record<string, { in_backup: number; inserted: number; updated: number; skipped: number; deleted?: number }> = {};
      let inserted = 0;
      let updated = 0;
      for (const { info, columns, rows } of plan.tables) {
        const counts = await countedInsert(
          trx,
          sql`INSERT INTO ${tableRef(info)} AS t (${columnList(columns)})
              SELECT ${columnList(columns, 'r')}
                FROM pg_temp.mcpw_restore AS s
                CROSS JOIN LATERAL jsonb_populate_record(NULL::${tableRef(info)}, s.doc) AS r
               WHERE s.tbl = ${info.name}
               ORDER BY s.seq
              ${conflictClause(info, columns, request.onConflict)}`,
        );
        await syncIdSequence(trx, info);
        tables[info.name] = {
          in_backup: rows,
          inserted: counts.inserted,
          updated: counts.updated,
          skipped: rows - counts.inserted - counts.updated,
          ...(request.dropExisting ? { deleted: deleted[info.name] ?? 0 } : {}),
        };
        inserted += counts.inserted;
        updated += counts.updated;
      }
      const result = {
        backup_file: request.backupFile,
        backup_type: plan.manifest.type,
        backup_created_at: plan.manifest.created_at,
        on_conflict: request.onConflict,
        drop_existing: request.dropExisting,
        restored_tables: plan.tables.length,
        rows_inserted: inserted,
        rows_updated: updated,
        rows_skipped: plan.tables.reduce((n, t) => n + t.rows, 0) - inserted - updated,
        ...(request.dropExisting ? { rows_deleted: Object.values(deleted).reduce((a, b) => a + b, 0) } : {}),
        tables,
      };
      return {
        result,
        record_id: plan.manifest.id,
        changes: { ...result },
        extra: request.dropExisting
          ? [{ operation: 'BATCH_DELETE' as const, table: request.table ?? '*', record_id: plan.manifest.id, changes: { before_restore_of: request.backupFile, deleted } }]
          : [],
      };
    },
  );
}

/** Streams the backup's lines for the planned tables into pg_temp.mcpw_restore, in chunks. */
async function stage(trx: Db, plan: RestorePlan): Promise<void> {
  await sql`CREATE TEMPORARY TABLE mcpw_restore (seq bigserial PRIMARY KEY, tbl text NOT NULL, doc jsonb NOT NULL) ON COMMIT DROP`.execute(trx);
  const wanted = new Set(plan.tables.map((t) => t.info.name));
  let chunk: string[] = [];
  let chars = 0;
  const flush = async () => {
    if (chunk.length === 0) return;
    const payload = `[${chunk.join(',')}]`;
    chunk = [];
    chars = 0;
    await sql`INSERT INTO pg_temp.mcpw_restore (tbl, doc)
              SELECT e->>'t', e->'r' FROM jsonb_array_elements(CAST(${payload} AS jsonb)) AS e`.execute(trx);
  };
  for await (const line of readLines(plan.dataPath, plan.manifest.compressed)) {
    const table = lineTable(line);
    if (table === undefined || !wanted.has(table)) continue;
    chunk.push(line);
    chars += line.length;
    if (chunk.length >= STAGE_LINES || chars >= STAGE_CHARS) await flush();
  }
  await flush();
}
