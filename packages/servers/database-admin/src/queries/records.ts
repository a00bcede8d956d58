import { sql, type Db } from '@mcp-writing/db';
import { columnList, tableRef } from '../backup/load.js';
import type { Fragment } from '../where.js';
import type { TableInfo } from './catalog.js';

export type Row = Record<string, unknown>;

export interface SelectPlan {
  table: TableInfo;
  columns: string[];
  where?: Fragment | undefined;
  orderBy: { column: string; direction: 'ASC' | 'DESC' }[];
  limit: number;
  offset: number;
}

const whereSql = (where?: Fragment) => (where ? sql`WHERE ${where}` : sql``);

/**
 * Rows as PostgreSQL's JSON (timestamps to the microsecond, as stored), with
 * only the requested columns, in a stable order (the id breaks ties).
 */
export async function selectRecords(db: Db, plan: SelectPlan): Promise<Row[]> {
  const order = plan.orderBy.map(({ column, direction }) => sql`${sql.id('t', column)} ${sql.raw(direction === 'DESC' ? 'DESC' : 'ASC')}`);
  const { rows } = await sql<{ record: Row }>`
    SELECT (SELECT row_to_json(picked) FROM (SELECT ${columnList(plan.columns, 't')}) AS picked) AS record
      FROM ${tableRef(plan.table)} AS t
      ${whereSql(plan.where)}
     ${order.length > 0 ? sql`ORDER BY ${sql.join(order)}` : sql``}
     LIMIT ${plan.limit} OFFSET ${plan.offset}`.execute(db);
  return rows.map((r) => r.record);
}

export async function countRecords(db: Db, table: TableInfo, where?: Fragment): Promise<number> {
  const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${tableRef(table)} AS t ${whereSql(where)}`.execute(db);
  return rows[0]?.n ?? 0;
}

/** Inserts one row: the data object becomes the row through jsonb_populate_record (PostgreSQL converts every value). */
export async function insertRecord(db: Db, table: TableInfo, data: Row): Promise<Row> {
  const columns = Object.keys(data);
  const { rows } = await sql<{ record: Row }>`
    INSERT INTO ${tableRef(table)} AS t (${columnList(columns)})
    SELECT ${columnList(columns, 'r')} FROM jsonb_populate_record(NULL::${tableRef(table)}, CAST(${JSON.stringify(data)} AS jsonb)) AS r
    RETURNING row_to_json(t) AS record`.execute(db);
  return (rows[0] as { record: Row }).record;
}

export async function updateRecords(db: Db, table: TableInfo, data: Row, where: Fragment): Promise<Row[]> {
  const assignments = Object.keys(data).map((c) => sql`${sql.id(c)} = ${sql.id('r', c)}`);
  const { rows } = await sql<{ record: Row }>`
    UPDATE ${tableRef(table)} AS t SET ${sql.join(assignments)}
      FROM jsonb_populate_record(NULL::${tableRef(table)}, CAST(${JSON.stringify(data)} AS jsonb)) AS r
     WHERE ${where}
    RETURNING row_to_json(t) AS record`.execute(db);
  return rows.map((r) => r.record);
}

export async function deleteRecords(db: Db, table: TableInfo, where: Fragment): Promise<unknown[]> {
  const { rows } = await sql<{ id: unknown }>`DELETE FROM ${tableRef(table)} AS t WHERE ${where} RETURNING t.id`.execute(db);
  return rows.map((r) => r.id);
}

/** Soft delete: sets deleted_at on the matching rows not deleted yet. */
export async function softDeleteRecords(db: Db, table: TableInfo, where: Fragment): Promise<unknown[]> {
  const { rows } = await sql<{ id: unknown }>`
    UPDATE ${tableRef(table)} AS t SET deleted_at = CURRENT_TIMESTAMP
     WHERE ${where} AND t.deleted_at IS NULL
    RETURNING t.id`.execute(db);
  return rows.map((r) => r.id);
}

/** Size and estimated rows of the relations named, and how many tables and views the public schema has, for db_list_tables. */
export async function relationStats(db: Db, names: readonly string[]) {
  const [listed, all] = await Promise.all([
    sql<{ name: string; size_bytes: number; row_estimate: number }>`
      SELECT c.relname::text AS name, pg_total_relation_size(c.oid)::bigint AS size_bytes,
             GREATEST(c.reltuples, 0)::bigint AS row_estimate
        FROM pg_catalog.pg_class c
        JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = 'public' AND c.relname = ANY(${names}::text[])`.execute(db),
    sql<{ n: number }>`
      SELECT count(*)::int AS n
        FROM pg_catalog.pg_class c
        JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm')`.execute(db),
  ]);
  return { stats: new Map(listed.rows.map((r) => [r.name, r])), total: all.rows[0]?.n ?? 0 };
}
