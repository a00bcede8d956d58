import { describeDbError } from '@mcp-writing/db';
import { runTool, ToolError } from '@mcp-writing/toolkit';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { syncIdSequence } from '../backup/load.js';
import { auditedWrite, translateError, type AdminContext } from '../context.js';
import * as q from '../queries/records.js';
import { dataObject, tableName, whereObject } from '../schemas.js';
import { requiredWhereCondition } from '../where.js';
import { checkData, idsOf, recordIdOf, softDeleteAlias, softDeleteField, softDeleteOf, softDeleteRefusal } from './records.js';

export const MAX_BATCH = 1000;

/** Runs item `index` of a batch; a failure names the item, and the whole batch rolls back. */
async function item<T>(label: string, index: number, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (raw) {
    const error = translateError(raw);
    const message = error instanceof ToolError ? error.message : describeDbError(error)?.message;
    if (message === undefined) throw error;
    throw new ToolError(`${label} ${index + 1} failed, so the whole batch was rolled back and nothing was changed: ${message}`);
  }
}

/** Checks every item before the transaction opens, naming the first bad one. */
function checkItems<T, R>(label: string, items: readonly T[], check: (item: T, index: number) => R): R[] {
  return items.map((value, index) => {
    try {
      return check(value, index);
    } catch (error) {
      if (error instanceof ToolError) throw new ToolError(`${label} ${index + 1}: ${error.message} Nothing was changed.`);
      throw error;
    }
  });
}

export function registerBatchTools(server: McpServer, ctx: AdminContext): void {
  const { log } = ctx;

  server.registerTool(
    'db_batch_insert',
    {
      title: 'Insert records in one batch',
      description: `Inserts up to ${MAX_BATCH} rows into one story table, all or nothing: one transaction, so if any record fails (unknown column, duplicate key, missing reference...) none is kept and the error names the record. Returns inserted_count (and totalCount, the same number, for the desktop app) and the inserted records. Audited (BATCH_INSERT) in the same transaction.`,
      inputSchema: z.object({
        table: tableName(),
        records: z.array(dataObject('One new row.')).min(1).max(MAX_BATCH).describe(`The rows to insert (1-${MAX_BATCH}), each a column -> value object.`),
      }),
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
    },
    (args) =>
      runTool(log, 'db_batch_insert', () =>
        auditedWrite(
          ctx,
          { tool: 'db_batch_insert', operation: 'BATCH_INSERT', table: args.table, attempt: { count: args.records.length } },
          async () => {
            const table = await ctx.catalog.table(args.table, 'write');
            return { table, records: checkItems('record', args.records, (record) => checkData(table, record)) };
          },
          async (trx, { table, records }) => {
            const inserted = [];
            for (const [index, record] of records.entries()) {
              inserted.push(await item('record', index, () => q.insertRecord(trx, table, record)));
            }
            if (records.some((r) => r.id !== undefined)) await syncIdSequence(trx, table);
            const ids = idsOf(inserted);
            return {
              result: { table: table.name, inserted_count: inserted.length, totalCount: inserted.length, records: inserted },
              record_id: recordIdOf(ids),
              changes: { count: inserted.length, ids, records },
            };
          },
        ),
      ),
  );

  server.registerTool(
    'db_batch_update',
    {
      title: 'Update records in one batch',
      description: `Applies up to ${MAX_BATCH} updates to one story table, all or nothing in one transaction. Each update has a where (required, non-empty) and the data to set. Returns updated_count (and totalCount, the same number, for the desktop app) and per update the rows changed (ids; the records too with return_records). Audited (BATCH_UPDATE) in the same transaction.`,
      inputSchema: z.object({
        table: tableName(),
        updates: z
          .array(
            z.object({
              where: whereObject('Rows this update changes (at least one condition).'),
              data: dataObject('Columns to set.'),
            }),
          )
          .min(1)
          .max(MAX_BATCH)
          .describe(`The updates (1-${MAX_BATCH}), applied in order.`),
        return_records: z.boolean().default(false).describe('Also return the updated records (default false: ids only).'),
      }),
      annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
    },
    (args) =>
      runTool(log, 'db_batch_update', () =>
        auditedWrite(
          ctx,
          { tool: 'db_batch_update', operation: 'BATCH_UPDATE', table: args.table, attempt: { updates: args.updates } },
          async () => {
            const table = await ctx.catalog.table(args.table, 'write');
            const updates = checkItems('update', args.updates, (u) => ({
              data: checkData(table, u.data),
              where: requiredWhereCondition(table, u.where),
            }));
            return { table, updates };
          },
          async (trx, { table, updates }) => {
            const results = [];
            const allIds: unknown[] = [];
            let total = 0;
            for (const [index, update] of updates.entries()) {
              const records = await item('update', index, () => q.updateRecords(trx, table, update.data, update.where));
              const ids = idsOf(records);
              allIds.push(...ids);
              total += records.length;
              results.push({ index, updated_count: records.length, ids, ...(args.return_records ? { records } : {}) });
            }
            return {
              result: { table: table.name, updated_count: total, totalCount: total, results },
              record_id: recordIdOf(allIds),
              changes: { updates: args.updates, ids: allIds },
            };
          },
        ),
      ),
  );

  server.registerTool(
    'db_batch_delete',
    {
      title: 'Delete records in one batch',
      description: `Deletes the rows matching each of up to ${MAX_BATCH} where conditions (each required, non-empty) from one story table, all or nothing in one transaction. Returns deleted_count (and totalCount, the same number, for the desktop app) and per condition the ids deleted. soft_delete sets deleted_at instead, only on tables with that column (no story table has one, so it is refused there). Audited (BATCH_DELETE) in the same transaction.`,
      inputSchema: z.object({
        table: tableName(),
        conditions: z.array(whereObject('Rows to delete (at least one condition).')).min(1).max(MAX_BATCH).describe(`The where conditions (1-${MAX_BATCH}).`),
        soft_delete: softDeleteField,
        softDelete: softDeleteAlias,
      }),
      annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
    },
    (args) =>
      runTool(log, 'db_batch_delete', () => {
        const soft_delete = softDeleteOf(args);
        return auditedWrite(
          ctx,
          { tool: 'db_batch_delete', operation: 'BATCH_DELETE', table: args.table, attempt: { conditions: args.conditions, soft_delete } },
          async () => {
            const table = await ctx.catalog.table(args.table, 'write');
            const conditions = checkItems('condition', args.conditions, (where) => requiredWhereCondition(table, where));
            if (soft_delete && !table.soft_delete) throw softDeleteRefusal(table);
            return { table, conditions };
          },
          async (trx, { table, conditions }) => {
            const results = [];
            const allIds: unknown[] = [];
            for (const [index, where] of conditions.entries()) {
              const ids = await item('condition', index, () =>
                soft_delete ? q.softDeleteRecords(trx, table, where) : q.deleteRecords(trx, table, where),
              );
              allIds.push(...ids);
              results.push({ index, deleted_count: ids.length, ids });
            }
            return {
              result: { table: table.name, deleted_count: allIds.length, totalCount: allIds.length, results, soft_delete },
              record_id: recordIdOf(allIds),
              changes: { conditions: args.conditions, soft_delete, ids: allIds },
            };
          },
        );
      }),
  );
}
