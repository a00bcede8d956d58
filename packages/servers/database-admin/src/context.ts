import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { describeDbError, type Db, type PoolStats } from '@mcp-writing/db';
import { ToolError, type Logger, type ServerDeps } from '@mcp-writing/toolkit';
import { BackupStore } from './backup/store.js';
import { SchemaCatalog } from './queries/catalog.js';
import { insertAudit, type AuditOperation } from './queries/audit.js';

export interface DatabaseAdminOptions {
  /** Directory every backup, export and import file lives in (default: env BACKUP_DIR, else <cwd>/.data/backups). Created if missing. */
  backupDir?: string;
  /** Also record reads (queries, exports, backups) in audit_logs (default: env AUDIT_READS=1). */
  auditReads?: boolean;
  /**
   * The process pool's figures for db_get_server_info (the host passes its
   * DbHandle's stats). A server only gets a Kysely, which cannot tell them;
   * without this option the tool reports pool: null.
   */
  poolStats?: () => PoolStats;
}

/** What every tool of one database-admin server instance shares. */
export interface AdminContext {
  db: Db;
  log: Logger;
  catalog: SchemaCatalog;
  backups: BackupStore;
  auditReads: boolean;
  poolStats: (() => PoolStats) | undefined;
}

export function createContext(deps: ServerDeps, options: DatabaseAdminOptions = {}): AdminContext {
  const envDir = process.env.BACKUP_DIR?.trim();
  const backupDir = options.backupDir ?? (envDir ? envDir : path.join(process.cwd(), '.data', 'backups'));
  const envReads = process.env.AUDIT_READS?.trim().toLowerCase();
  const auditReads = options.auditReads ?? (envReads === '1' || envReads === 'true' || envReads === 'yes');
  return {
    db: deps.db,
    log: deps.log,
    catalog: new SchemaCatalog(deps.db),
    backups: new BackupStore(path.resolve(backupDir)),
    auditReads,
    poolStats: options.poolStats,
  };
}

const TYPE_MISMATCH = new Set(['42883', '42804', '42846', '22023', '2202E', '22P05', '22021']);

/**
 * Errors this server expects beyond the shared mapping: a value that does not
 * fit its column's type (an operator or cast that does not exist). Returned
 * as a ToolError with a plain sentence; anything else is returned unchanged.
 */
export function translateError(error: unknown): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === '21000') return new ToolError('Two rows of the same load have the same key, so one would overwrite the other; remove the duplicate.');
  if (typeof code === 'string' && TYPE_MISMATCH.has(code)) {
    return new ToolError('A value does not match the type of its column (check where and data against db_get_schema).');
  }
  return error;
}

/** The sentence stored in audit_logs.error_message: the same text the caller sees, never raw SQL. */
function auditMessage(error: unknown): string {
  if (error instanceof ToolError) return error.message;
  const described = describeDbError(error);
  if (described) return described.message;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? `Internal error (database code ${code}).` : 'Internal error.';
}

export interface AuditMeta {
  tool: string;
  operation: AuditOperation;
  table: string;
  /** What was asked, recorded with a failure (a success records what was done). */
  attempt?: Record<string, unknown>;
}

export interface WriteOutcome<R> {
  result: R;
  record_id?: string | null;
  changes?: Record<string, unknown>;
  /** More audit rows for the same transaction (e.g. the delete step of a restore). */
  extra?: { operation: AuditOperation; table: string; record_id?: string | null; changes?: Record<string, unknown> }[];
}

const elapsed = (started: number) => performance.now() - started;

/**
 * Runs a write and its audit row in ONE transaction: `prepare` (validation,
 * schema lookups) runs first on the server's handle; `write` runs inside the
 * transaction and must use only the `trx` it is given. A rolled-back write
 * leaves no success row; its failure row is written after the rollback.
 */
export async function auditedWrite<P, R>(
  ctx: AdminContext,
  meta: AuditMeta,
  prepare: () => Promise<P>,
  write: (trx: Db, plan: P) => Promise<WriteOutcome<R>>,
): Promise<R> {
  const started = performance.now();
  try {
    const plan = await prepare();
    return await ctx.db.transaction().execute(async (trx) => {
      const outcome = await write(trx, plan);
      for (const extra of outcome.extra ?? []) {
        await insertAudit(trx, {
          operation: extra.operation,
          table_name: extra.table,
          record_id: extra.record_id ?? null,
          changes: extra.changes ?? null,
          success: true,
          execution_time_ms: elapsed(started),
          tool: meta.tool,
        });
      }
      await insertAudit(trx, {
        operation: meta.operation,
        table_name: meta.table,
        record_id: outcome.record_id ?? null,
        changes: outcome.changes ?? null,
        success: true,
        execution_time_ms: elapsed(started),
        tool: meta.tool,
      });
      return outcome.result;
    });
  } catch (raw) {
    const error = translateError(raw);
    try {
      await insertAudit(ctx.db, {
        operation: meta.operation,
        table_name: meta.table,
        changes: meta.attempt ?? null,
        success: false,
        error_message: auditMessage(error),
        execution_time_ms: elapsed(started),
        tool: meta.tool,
      });
    } catch (auditError) {
      ctx.log.error({ tool: meta.tool, err: auditError }, 'could not record the failed write in audit_logs');
    }
    throw error;
  }
}

/** Runs a read; when reads are audited (auditReads), records a READ row afterwards, success or not. */
export async function auditedRead<R>(
  ctx: AdminContext,
  meta: { tool: string; table: string; attempt?: Record<string, unknown> },
  read: () => Promise<{ result: R; changes?: Record<string, unknown> }>,
): Promise<R> {
  const started = performance.now();
  try {
    const { result, changes } = await read();
    if (ctx.auditReads) {
      await insertAudit(ctx.db, {
        operation: 'READ',
        table_name: meta.table,
        changes: changes ?? meta.attempt ?? null,
        success: true,
        execution_time_ms: elapsed(started),
        tool: meta.tool,
      });
    }
    return result;
  } catch (raw) {
    const error = translateError(raw);
    if (ctx.auditReads) {
      await insertAudit(ctx.db, {
        operation: 'READ',
        table_name: meta.table,
        changes: meta.attempt ?? null,
        success: false,
        error_message: auditMessage(error),
        execution_time_ms: elapsed(started),
        tool: meta.tool,
      }).catch((auditError: unknown) => ctx.log.error({ tool: meta.tool, err: auditError }, 'could not record the failed read'));
    }
    throw error;
  }
}
