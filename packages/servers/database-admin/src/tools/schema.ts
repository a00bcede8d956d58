import { runTool } from '@mcp-writing/toolkit';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { isAllowed, STORY_TABLES, STORY_VIEWS, SYSTEM_TABLES } from '../allow-list.js';
import type { AdminContext } from '../context.js';
import { acceptedFlag } from '../legacy-args.js';
import type { CatalogSnapshot, ColumnInfo, ForeignKeyInfo, TableInfo } from '../queries/catalog.js';
import { relationStats } from '../queries/records.js';
import { plainTableName } from '../schemas.js';

function humanSize(bytes: number): string {
  const units = ['bytes', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${value} bytes` : `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** db_list_tables' pattern: case-insensitive; * or % match any run of characters; without them, a substring. */
function matcher(pattern: string | undefined): (name: string) => boolean {
  if (!pattern || pattern.trim() === '') return () => true;
  const p = pattern.trim().toLowerCase();
  if (!/[*%]/.test(p)) return (name) => name.includes(p);
  const body = p
    .split(/[*%]+/)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  const re = new RegExp(`^${body}$`);
  return (name) => re.test(name);
}

function referenceOf(snapshot: CatalogSnapshot, table: string, column: string) {
  const fk = snapshot.foreign_keys.find((f) => f.from_table === table && f.from_columns.length === 1 && f.from_columns[0] === column);
  return fk ? { table: fk.to_table, column: fk.to_columns[0] ?? 'id', on_delete: fk.on_delete } : null;
}

function columnOut(snapshot: CatalogSnapshot, table: TableInfo, c: ColumnInfo) {
  return {
    name: c.name,
    type: c.type,
    nullable: c.nullable,
    default: c.default,
    isPrimaryKey: c.is_primary_key,
    max_length: c.max_length,
    position: c.position,
    generated: c.generated,
    references: referenceOf(snapshot, table.name, c.name),
  };
}

function edgeOut(fk: ForeignKeyInfo) {
  return {
    constraint: fk.constraint,
    from_table: fk.from_table,
    from_columns: fk.from_columns,
    to_table: fk.to_table,
    to_columns: fk.to_columns,
    on_delete: fk.on_delete,
    on_update: fk.on_update,
  };
}

export function registerSchemaTools(server: McpServer, ctx: AdminContext): void {
  const { log } = ctx;

  server.registerTool(
    'db_get_schema',
    {
      title: 'Get a table schema',
      description:
        'Describes one story table or view from the live database: columns (name, type, nullable, default, isPrimaryKey, references), primary key, foreign keys both ways, unique and check constraints, indexes, and whether soft delete is possible. The schema is cached per server; refresh_cache reloads it (after a migration).',
      inputSchema: z.object({
        table: plainTableName,
        refresh_cache: z.boolean().default(false).describe('Reload the schema from the database first (default false).'),
        includeConstraints: acceptedFlag('keys and unique and check constraints are always included.'),
        includeIndexes: acceptedFlag('indexes are always included.'),
      }),
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (args) =>
      runTool(log, 'db_get_schema', async () => {
        if (args.refresh_cache) await ctx.catalog.refresh();
        const table = await ctx.catalog.table(args.table, 'read');
        const snapshot = await ctx.catalog.snapshot();
        return {
          table: table.name,
          type: table.kind,
          comment: table.comment,
          writable: isAllowed(table.name, 'write'),
          soft_delete_supported: table.soft_delete,
          columns: table.columns.map((c) => columnOut(snapshot, table, c)),
          column_count: table.columns.length,
          primary_key: table.primary_key,
          foreign_keys: snapshot.foreign_keys.filter((f) => f.from_table === table.name).map(edgeOut),
          referenced_by: snapshot.foreign_keys.filter((f) => f.to_table === table.name && isAllowed(f.from_table, 'read')).map(edgeOut),
          unique_constraints: table.constraints.filter((c) => c.kind === 'unique').map(({ name, columns, definition }) => ({ name, columns, definition })),
          check_constraints: table.constraints.filter((c) => c.kind === 'check').map(({ name, definition }) => ({ name, definition })),
          indexes: table.indexes,
          cached_at: snapshot.loaded_at,
        };
      }),
  );

  server.registerTool(
    'db_list_tables',
    {
      title: 'List tables',
      description:
        'Lists the story tables (and read-only views) the other db_* tools accept, with type, column count, size and estimated rows. include_system_tables also lists the audit and migration tables (is_whitelisted false: not usable by the generic tools). pattern filters names (case-insensitive; * or % as wildcards, otherwise a substring).',
      inputSchema: z.object({
        include_system_tables: z.boolean().default(false).describe('Also list audit_logs and the migration tables (default false).'),
        pattern: z.string().max(128).optional().describe('Name filter, e.g. "chapter" or "npe_*".'),
      }),
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (args) =>
      runTool(log, 'db_list_tables', async () => {
        const snapshot = await ctx.catalog.snapshot();
        const names = [...STORY_TABLES, ...STORY_VIEWS, ...(args.include_system_tables ? SYSTEM_TABLES : [])].filter((n) => snapshot.tables.has(n));
        const matches = matcher(args.pattern);
        const listed = names.filter(matches).sort();
        const { stats, total } = await relationStats(ctx.db, listed);
        const tables = listed.map((name) => {
          const info = snapshot.tables.get(name) as TableInfo;
          const size = stats.get(name)?.size_bytes ?? 0;
          return {
            name,
            type: info.kind,
            comment: info.comment,
            column_count: info.columns.length,
            size_bytes: size,
            size_human: humanSize(size),
            row_estimate: stats.get(name)?.row_estimate ?? 0,
            is_whitelisted: isAllowed(name, 'read'),
            writable: isAllowed(name, 'write'),
          };
        });
        return { count: tables.length, total_in_database: total, tables };
      }),
  );

  server.registerTool(
    'db_get_relationships',
    {
      title: 'Get table relationships',
      description:
        'Foreign-key relationships of a story table, both the tables it references and the tables referencing it, followed up to depth hops (1-3) through the story tables. Each relationship says at which depth it was found. Without a table: every foreign-key relationship among the story tables (depth does not apply).',
      inputSchema: z.object({
        table: plainTableName
          .optional()
          .describe('Table name, exactly as db_list_tables lists it (lower-case letters and underscores, e.g. "chapter_scenes"). Leave it out for the relationships of all story tables.'),
        depth: z.number().int().min(1).max(3).default(1).describe('How many hops to follow from table (1-3, default 1).'),
      }),
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (args) =>
      runTool(log, 'db_get_relationships', async () => {
        const snapshot = await ctx.catalog.snapshot();
        const edges = snapshot.foreign_keys.filter((f) => isAllowed(f.from_table, 'write') && isAllowed(f.to_table, 'write'));
        if (args.table === undefined) {
          // The whole graph, as the desktop app asks for it (no table).
          const tables = [...new Set(edges.flatMap((fk) => [fk.from_table, fk.to_table]))].sort();
          return { table: null, count: edges.length, relationships: edges.map(edgeOut), tables };
        }
        const table = await ctx.catalog.table(args.table, 'read');
        const seenTables = new Map<string, number>([[table.name, 0]]);
        const seenEdges = new Set<string>();
        const relationships: (ReturnType<typeof edgeOut> & { depth: number; direction: 'references' | 'referenced_by'; via: string })[] = [];
        let frontier = [table.name];
        for (let depth = 1; depth <= args.depth && frontier.length > 0; depth += 1) {
          const next: string[] = [];
          for (const current of frontier) {
            for (const fk of edges) {
              const outgoing = fk.from_table === current;
              const incoming = fk.to_table === current;
              if (!outgoing && !incoming) continue;
              const key = `${fk.from_table}.${fk.constraint}`;
              if (seenEdges.has(key)) continue;
              seenEdges.add(key);
              relationships.push({ ...edgeOut(fk), depth, direction: outgoing ? 'references' : 'referenced_by', via: current });
              const other = outgoing ? fk.to_table : fk.from_table;
              if (!seenTables.has(other)) {
                seenTables.set(other, depth);
                next.push(other);
              }
            }
          }
          frontier = next;
        }
        const related_tables = [...seenTables.entries()].filter(([name]) => name !== table.name).map(([name, depth]) => ({ name, depth }));
        return { table: table.name, depth: args.depth, count: relationships.length, relationships, related_tables };
      }),
  );

  const listColumns = {
    title: 'List table columns',
    description:
      'The columns of a story table or view in order: name and type; include_metadata adds nullable, default, isPrimaryKey, max_length, position and the referenced table of foreign-key columns.',
    inputSchema: z.object({
      table: plainTableName,
      include_metadata: z.boolean().default(false).describe('Add nullable, default, key and reference details (default false).'),
    }),
    annotations: { readOnlyHint: true, openWorldHint: false },
  };
  const listColumnsAs = (tool: string) => (args: { table: string; include_metadata: boolean }) =>
    runTool(log, tool, async () => {
      const table = await ctx.catalog.table(args.table, 'read');
      const snapshot = await ctx.catalog.snapshot();
      const columns = table.columns.map((c) => (args.include_metadata ? columnOut(snapshot, table, c) : { name: c.name, type: c.type }));
      return { table: table.name, count: columns.length, columns };
    });

  server.registerTool('db_list_table_columns', listColumns, listColumnsAs('db_list_table_columns'));

  // The desktop app calls db_list_columns (and reads data.columns): the same tool under its name.
  server.registerTool(
    'db_list_columns',
    {
      ...listColumns,
      title: 'List table columns (desktop app name)',
      description: `Alias of db_list_table_columns, for the desktop app: same parameters and answer. ${listColumns.description}`,
    },
    listColumnsAs('db_list_columns'),
  );
}
