import { runTool } from '@mcp-writing/toolkit';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { AdminContext } from '../context.js';
import { aliasOf, eitherName } from '../legacy-args.js';
import { auditSummary, queryAuditLogs } from '../queries/audit.js';
import { dateFilter } from '../schemas.js';

const OPERATIONS = ['CREATE', 'READ', 'UPDATE', 'DELETE', 'BATCH_INSERT', 'BATCH_UPDATE', 'BATCH_DELETE'] as const;

const wholeNumber = (schema: z.ZodNumber) => schema.refine(Number.isInteger, 'must be a whole number');

const startDate = dateFilter('Only entries at or after this date or date-time (ISO, e.g. 2025-01-31 or 2025-01-31T12:00:00Z).');
const endDate = dateFilter('Only entries up to this date-time; a plain date includes that whole day.');
const startDateAlias = aliasOf('start_date', dateFilter('Only entries at or after this date or date-time.'));
const endDateAlias = aliasOf('end_date', dateFilter('Only entries up to this date-time; a plain date includes that whole day.'));

/** start_date/end_date, or the desktop app's startDate/endDate (both names with different values are refused). */
function period(args: { start_date?: string | undefined; end_date?: string | undefined; startDate?: string | undefined; endDate?: string | undefined }) {
  return {
    start_date: eitherName('start_date', args.start_date, 'startDate', args.startDate),
    end_date: eitherName('end_date', args.end_date, 'endDate', args.endDate),
  };
}

const tableFilter = z.string().max(255).describe('Only entries for this table name (as recorded; restores of a whole backup are recorded as "*").');

export function registerAuditTools(server: McpServer, ctx: AdminContext): void {
  const { log } = ctx;

  server.registerTool(
    'db_query_audit_logs',
    {
      title: 'Query the audit log',
      description:
        'Reads audit_logs, newest first: every write through this server (operation, table_name, record_id, changes, success, error_message, execution_time_ms), and reads when read auditing is on. Filters combine with AND. Returns records, count and total_count (also as totalCount, and the records also as data: the audit view of the desktop app reads data.data).',
      inputSchema: z.object({
        start_date: startDate.optional(),
        end_date: endDate.optional(),
        startDate: startDateAlias,
        endDate: endDateAlias,
        table: tableFilter.optional(),
        operation: z.enum(OPERATIONS).optional().describe('Only this operation.'),
        user_id: z.string().max(255).optional().describe('Only entries of this user id (this server records none; entries written by other tools may have one).'),
        success: z.boolean().optional().describe('Only successful (true) or failed (false) operations.'),
        limit: wholeNumber(z.number().min(1).max(1000)).default(100).describe('Most entries to return (1-1000, default 100).'),
        offset: wholeNumber(z.number().min(0)).default(0).describe('Entries to skip, for paging (default 0).'),
      }),
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (args) =>
      runTool(log, 'db_query_audit_logs', async () => {
        const filter = { ...args, ...period(args) };
        const { records, total } = await queryAuditLogs(ctx.db, filter, { limit: args.limit, offset: args.offset });
        return { records, data: records, count: records.length, total_count: total, totalCount: total, limit: args.limit, offset: args.offset };
      }),
  );

  server.registerTool(
    'db_get_audit_summary',
    {
      title: 'Summarise the audit log',
      description:
        'Totals of audit_logs for a period and/or table: entries, successes, failures, success rate, average and longest execution time, counts per operation and per table, first and last entry, and the ten latest failures.',
      inputSchema: z.object({
        start_date: startDate.optional(),
        end_date: endDate.optional(),
        startDate: startDateAlias,
        endDate: endDateAlias,
        table: tableFilter.optional(),
      }),
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (args) =>
      runTool(log, 'db_get_audit_summary', async () => {
        const { start_date, end_date } = period(args);
        return {
          period: { start_date: start_date ?? null, end_date: end_date ?? null },
          table: args.table ?? null,
          ...(await auditSummary(ctx.db, { table: args.table, start_date, end_date })),
        };
      }),
  );
}
