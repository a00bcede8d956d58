import { runTool, ToolError } from '@mcp-writing/toolkit';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { syncIdSequence } from '../backup/load.js';
import { auditedRead, auditedWrite, type AdminContext } from '../context.js';
import { acceptedFlag, aliasOf, eitherName } from '../legacy-args.js';
import { orderByAlias, orderByList, requestedOrder } from '../order-by.js';
import type { TableInfo } from '../queries/catalog.js';
import * as q from '../queries/records.js';
import { dataObject, tableName, whereObject } from '../schemas.js';
import { knownColumn, requiredWhereCondition, whereCondition } from '../where.js';

export const MAX_QUERY_LIMIT = 1000;

/** The data object of an insert or update: known, writable columns only. */
export function checkData(table: TableInfo, data: Record<string, unknown>, label = 'data'): Record<string, unknown> {
  const keys = Object.keys(data);
  if (keys.length === 0) throw new ToolError(`${label} must name at least one column to write.`);
  for (const key of keys) {
    const column = knownColumn(table, key, label);
    if (column.generated) throw new ToolError(`${label}: ${key} is computed by the database and cannot be set.`);
  }
  return data;
}

export function idsOf(records: readonly Record<string, unknown>[]): unknown[] {
  return records.map((r) => r.id);
}

/** audit_logs.record_id: the id, or the ids joined (the column holds 255 characters; changes has them all). */
export function recordIdOf(ids: readonly unknown[]): string | null {
  if (ids.length === 0) return null;
  return ids.map(String).join(',');
}

/** The soft-delete refusal: no story table has deleted_at, and this server does not change the schema. */
export function softDeleteRefusal(table: TableInfo): ToolError {
  return new ToolError(
    `Soft delete is not available for ${table.name}: the table has no deleted_at column (none of the story tables has one, and this server does not change the schema). Delete without soft_delete (softDelete), or keep the record.`,
    'conflict',
  );
}

/** soft_delete and its alias softDelete: no default in the schemas, so "both given and different" can be told apart from "one given". */
export const softDeleteField = z
  .boolean()
  .optional()
  .describe('Set deleted_at instead of deleting (only on tables with a deleted_at column; default false).');
export const softDeleteAlias = aliasOf('soft_delete', z.boolean());

export function softDeleteOf(args: { soft_delete?: boolean | undefined; softDelete?: boolean | undefined }): boolean {
  return eitherName('soft_delete', args.soft_delete, 'softDelete', args.softDelete) ?? false;
}

export function registerRecordTools(server: McpServer, ctx: AdminContext): void {
  const { log } = ctx;

  server.registerTool(
    'db_query_records',
    {
      title: 'Query records',
      description:
        'Reads rows of one story table or view: optional column list, where filter, order_by and paging. Returns records (values exactly as stored; timestamps to the microsecond, no time zone), count (rows returned), total_count (rows matching) and totalCount (the same, for older clients).',
      inputSchema: z.object({
        table: tableName('Story table or view'),
        columns: z.array(z.string()).max(200).optional().describe('Columns to return (default all), names as db_get_schema lists them.'),
        where: whereObject('Rows to return.').optional(),
        order_by: orderByList,
        orderBy: orderByAlias,
        limit: z.number().int().min(1).max(MAX_QUERY_LIMIT).default(100).describe(`Most rows to return (1-${MAX_QUERY_LIMIT}, default 100).`),
        offset: z.number().int().min(0).max(2_147_483_647).default(0).describe('Rows to skip, for paging (default 0).'),
      }),
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (args) =>
      runTool(log, 'db_query_records', () =>
        auditedRead(ctx, { tool: 'db_query_records', table: args.table, attempt: { where: args.where ?? null } }, async () => {
          const table = await ctx.catalog.table(args.table, 'read');
          const columns = args.columns && args.columns.length > 0 ? args.columns : table.columns.map((c) => c.name);
          for (const column of columns) knownColumn(table, column, 'columns');
          const requested = requestedOrder(args.order_by, args.orderBy);
          const orderBy = requested.keys.map((o) => {
            knownColumn(table, o.column, requested.field);
            return o;
          });
          if (table.column.has('id') && !orderBy.some((o) => o.column === 'id')) orderBy.push({ column: 'id', direction: 'ASC' });
          const where = whereCondition(table, args.where);
          const [records, total] = await Promise.all([
            q.selectRecords(ctx.db, { table, columns: [...new Set(columns)], where, orderBy, limit: args.limit, offset: args.offset }),
            q.countRecords(ctx.db, table, where),
          ]);
          return {
            result: {
              table: table.name,
              records,
              count: records.length,
              total_count: total,
              totalCount: total,
              limit: args.limit,
              offset: args.offset,
            },
            changes: { where: args.where ?? null, columns: args.columns ?? null, count: records.length, total_count: total },
          };
        }),
      ),
  );

  server.registerTool(
    'db_insert_record',
    {
      title: 'Insert a record',
      description:
        'Inserts one row into a story table and returns it (with its id and timestamps). Audited (CREATE) in the same transaction. Columns left out take their defaults; an explicit id also moves the id sequence past it.',
      inputSchema: z.object({
        table: tableName(),
        data: dataObject('The new row.'),
        returnRecord: acceptedFlag('the inserted record is always returned.'),
      }),
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
    },
    (args) =>
      runTool(log, 'db_insert_record', () =>
        auditedWrite(
          ctx,
          { tool: 'db_insert_record', operation: 'CREATE', table: args.table, attempt: { data: args.data } },
          async () => {
            const table = await ctx.catalog.table(args.table, 'write');
            return { table, data: checkData(table, args.data) };
          },
          async (trx, { table, data }) => {
            const record = await q.insertRecord(trx, table, data);
            if (data.id !== undefined) await syncIdSequence(trx, table);
            return {
              result: { table: table.name, record },
              record_id: record.id === undefined ? null : String(record.id),
              changes: { data },
            };
          },
        ),
      ),
  );

  server.registerTool(
    'db_update_records',
    {
      title: 'Update records',
      description:
        'Sets columns on every row of a story table matching where (required and non-empty: a whole-table update is refused). Returns updated_count and the updated records. Audited (UPDATE) in the same transaction.',
      inputSchema: z.object({
        table: tableName(),
        data: dataObject('Columns to set.'),
        where: whereObject('Rows to update (at least one condition).'),
        returnRecords: acceptedFlag('the updated records are always returned.'),
      }),
      annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
    },
    (args) =>
      runTool(log, 'db_update_records', () =>
        auditedWrite(
          ctx,
          { tool: 'db_update_records', operation: 'UPDATE', table: args.table, attempt: { data: args.data, where: args.where } },
          async () => {
            const table = await ctx.catalog.table(args.table, 'write');
            return { table, data: checkData(table, args.data), where: requiredWhereCondition(table, args.where) };
          },
          async (trx, { table, data, where }) => {
            const records = await q.updateRecords(trx, table, data, where);
            const ids = idsOf(records);
            return {
              result: { table: table.name, updated_count: records.length, records },
              record_id: recordIdOf(ids),
              changes: { data, where: args.where, ids },
            };
          },
        ),
      ),
  );

  server.registerTool(
    'db_delete_records',
    {
      title: 'Delete records',
      description:
        'Deletes every row of a story table matching where (required and non-empty: a whole-table delete is refused). Rows of other tables that reference them are deleted or unlinked as their foreign keys say (a reference that forbids it fails the delete). soft_delete sets deleted_at instead, on tables that have that column; none of the story tables has one, so there it is refused. Audited (DELETE) in the same transaction.',
      inputSchema: z.object({
        table: tableName(),
        where: whereObject('Rows to delete (at least one condition).'),
        soft_delete: softDeleteField,
        softDelete: softDeleteAlias,
      }),
      annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
    },
    (args) =>
      runTool(log, 'db_delete_records', () => {
        const soft_delete = softDeleteOf(args);
        return auditedWrite(
          ctx,
          { tool: 'db_delete_records', operation: 'DELETE', table: args.table, attempt: { where: args.where, soft_delete } },
          async () => {
            const table = await ctx.catalog.table(args.table, 'write');
            const where = requiredWhereCondition(table, args.where);
            if (soft_delete && !table.soft_delete) throw softDeleteRefusal(table);
            return { table, where };
          },
          async (trx, { table, where }) => {
            const ids = soft_delete ? await q.softDeleteRecords(trx, table, where) : await q.deleteRecords(trx, table, where);
            return {
              result: { table: table.name, deleted_count: ids.length, ids, soft_delete },
              record_id: recordIdOf(ids),
              changes: { where: args.where, soft_delete, ids },
            };
          },
        );
      }),
  );
}

