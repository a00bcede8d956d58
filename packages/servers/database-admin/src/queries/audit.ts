import { createHash } from 'node:crypto';
import { sql, type Db } from '@mcp-writing/db';

export type AuditOperation = 'CREATE' | 'READ' | 'UPDATE' | 'DELETE' | 'BATCH_INSERT' | 'BATCH_UPDATE' | 'BATCH_DELETE';

export interface AuditEntry {
  operation: AuditOperation;
  table_name: string;
  record_id?: string | null;
  changes?: Record<string, unknown> | null;
  success: boolean;
  error_message?: string | null;
  execution_time_ms: number;
  tool: string;
}

const clip = (text: string, max: number) => (text.length > max ? text.slice(0, max) : text);

/** Writes one audit row with `db` (the write's transaction for a success, the server's handle after a rollback). */
export async function insertAudit(db: Db, entry: AuditEntry): Promise<void> {
  const shape = JSON.stringify({ op: entry.operation, table: entry.table_name, tool: entry.tool, changes: entry.changes ?? null });
  await db
    .insertInto('audit_logs')
    .values({
      operation: entry.operation,
      table_name: clip(entry.table_name, 255),
      record_id: entry.record_id ? clip(entry.record_id, 255) : null,
      user_id: null,
      client_info: JSON.stringify({ server: 'database-admin', tool: entry.tool }),
      changes: entry.changes ? JSON.stringify(entry.changes) : null,
      success: entry.success,
      error_message: entry.error_message ?? null,
      execution_time_ms: Math.max(0, Math.round(entry.execution_time_ms)),
      query_hash: createHash('sha256').update(shape).digest('hex'),
    })
    .execute();
}

export interface AuditFilter {
  start_date?: string | undefined;
  end_date?: string | undefined;
  table?: string | undefined;
  operation?: string | undefined;
  user_id?: string | undefined;
  success?: boolean | undefined;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Conditions on audit_logs."timestamp" (a timestamp without time zone in the
 * server's zone): a date-time with an offset is converted to that zone; an
 * end_date given as a plain date includes that whole day.
 */
function auditConditions(filter: AuditFilter) {
  const parts = [sql`TRUE`];
  if (filter.start_date) parts.push(sql`a."timestamp" >= CAST(CAST(${filter.start_date} AS timestamptz) AS timestamp)`);
  if (filter.end_date) {
    parts.push(
      DATE_ONLY.test(filter.end_date)
        ? sql`a."timestamp" < CAST(${filter.end_date} AS date) + 1`
        : sql`a."timestamp" <= CAST(CAST(${filter.end_date} AS timestamptz) AS timestamp)`,
    );
  }
  if (filter.table) parts.push(sql`a.table_name = ${filter.table}`);
  if (filter.operation) parts.push(sql`a.operation = ${filter.operation}`);
  if (filter.user_id) parts.push(sql`a.user_id = ${filter.user_id}`);
  if (filter.success !== undefined) parts.push(sql`a.success = ${filter.success}`);
  return sql.join(parts, sql` AND `);
}

export async function queryAuditLogs(db: Db, filter: AuditFilter, page: { limit: number; offset: number }) {
  const where = auditConditions(filter);
  const [rows, total] = await Promise.all([
    sql<{ record: Record<string, unknown> }>`
      SELECT row_to_json(a) AS record FROM public.audit_logs AS a
       WHERE ${where}
       ORDER BY a."timestamp" DESC, a.id DESC
       LIMIT ${page.limit} OFFSET ${page.offset}`.execute(db),
    sql<{ n: number }>`SELECT count(*)::int AS n FROM public.audit_logs AS a WHERE ${where}`.execute(db),
  ]);
  return { records: rows.rows.map((r) => r.record), total: total.rows[0]?.n ?? 0 };
}

export async function auditSummary(db: Db, filter: AuditFilter) {
  const where = auditConditions(filter);
  const [totals, byOperation, byTable, failures] = await Promise.all([
    sql<{
      total: number;
      succeeded: number;
      failed: number;
      avg_ms: number | null;
      max_ms: number | null;
      first_at: string | null;
      last_at: string | null;
    }>`
      SELECT count(*)::int AS total,
             count(*) FILTER (WHERE a.success)::int AS succeeded,
             count(*) FILTER (WHERE NOT a.success)::int AS failed,
             round(avg(a.execution_time_ms), 1)::float8 AS avg_ms,
             max(a.execution_time_ms) AS max_ms,
             min(a."timestamp")::text AS first_at,
             max(a."timestamp")::text AS last_at
        FROM public.audit_logs AS a WHERE ${where}`.execute(db),
    sql<{ operation: string; total: number; failed: number }>`
      SELECT a.operation, count(*)::int AS total, count(*) FILTER (WHERE NOT a.success)::int AS failed
        FROM public.audit_logs AS a WHERE ${where}
       GROUP BY a.operation ORDER BY count(*) DESC, a.operation`.execute(db),
    sql<{ table_name: string; total: number; failed: number; last_at: string }>`
      SELECT a.table_name, count(*)::int AS total, count(*) FILTER (WHERE NOT a.success)::int AS failed,
             max(a."timestamp")::text AS last_at
        FROM public.audit_logs AS a WHERE ${where}
       GROUP BY a.table_name ORDER BY count(*) DESC, a.table_name LIMIT 100`.execute(db),
    sql<{ id: number; timestamp: string; operation: string; table_name: string; error_message: string | null }>`
      SELECT a.id, a."timestamp"::text AS "timestamp", a.operation, a.table_name, a.error_message
        FROM public.audit_logs AS a WHERE ${where} AND NOT a.success
       ORDER BY a."timestamp" DESC, a.id DESC LIMIT 10`.execute(db),
  ]);
  const t = totals.rows[0];
  return {
    total: t?.total ?? 0,
    succeeded: t?.succeeded ?? 0,
    failed: t?.failed ?? 0,
    success_rate: t && t.total > 0 ? Math.round((t.succeeded / t.total) * 1000) / 10 : null,
    avg_execution_time_ms: t?.avg_ms ?? null,
    max_execution_time_ms: t?.max_ms ?? null,
    first_at: t?.first_at ?? null,
    last_at: t?.last_at ?? null,
    by_operation: byOperation.rows,
    by_table: byTable.rows,
    recent_failures: failures.rows,
  };
}
