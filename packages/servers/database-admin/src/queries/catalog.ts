import { sql, type Db } from '@mcp-writing/db';
import { ToolError } from '@mcp-writing/toolkit';
import { AUDIT_TABLE, isAllowed, isSystemTable, STORY_TABLES, STORY_VIEWS, SYSTEM_TABLES, type Access } from '../allow-list.js';

export interface ColumnInfo {
  name: string;
  /** information_schema data_type, with the element type for arrays ("integer[]"). */
  type: string;
  udt: string;
  nullable: boolean;
  default: string | null;
  max_length: number | null;
  position: number;
  generated: boolean;
  is_primary_key: boolean;
  is_array: boolean;
  is_json: boolean;
}

export interface ConstraintInfo {
  name: string;
  kind: 'primary_key' | 'foreign_key' | 'unique' | 'check';
  columns: string[];
  definition: string;
}

export interface ForeignKeyInfo {
  constraint: string;
  from_table: string;
  from_columns: string[];
  to_table: string;
  to_columns: string[];
  on_delete: string;
  on_update: string;
}

export interface IndexInfo {
  name: string;
  definition: string;
}

export interface TableInfo {
  name: string;
  kind: 'table' | 'view';
  columns: ColumnInfo[];
  column: ReadonlyMap<string, ColumnInfo>;
  primary_key: string[];
  constraints: ConstraintInfo[];
  indexes: IndexInfo[];
  comment: string | null;
  /** The table has a deleted_at column, so soft delete can set it. */
  soft_delete: boolean;
  /** `id` takes its default from a sequence (serial), which restores and imports move past the highest id. */
  id_serial: boolean;
}

export interface CatalogSnapshot {
  tables: ReadonlyMap<string, TableInfo>;
  foreign_keys: ForeignKeyInfo[];
  loaded_at: string;
}

/** Every name this server ever looks up in the live schema: story tables, views, system tables. */
const KNOWN_NAMES = [...STORY_TABLES, ...STORY_VIEWS, ...SYSTEM_TABLES];

const FK_ACTIONS: Record<string, string> = { a: 'NO ACTION', r: 'RESTRICT', c: 'CASCADE', n: 'SET NULL', d: 'SET DEFAULT' };
const CONSTRAINT_KINDS: Record<string, ConstraintInfo['kind']> = { p: 'primary_key', f: 'foreign_key', u: 'unique', c: 'check' };

async function loadSnapshot(db: Db): Promise<CatalogSnapshot> {
  const names = KNOWN_NAMES;
  const [relations, columns, constraints, indexes] = await Promise.all([
    sql<{ name: string; relkind: string; comment: string | null }>`
      SELECT c.relname AS name, c.relkind::text AS relkind, obj_description(c.oid, 'pg_class') AS comment
        FROM pg_catalog.pg_class c
        JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm') AND c.relname = ANY(${names}::text[])`.execute(db),
    sql<{
      table_name: string;
      column_name: string;
      data_type: string;
      udt_name: string;
      is_nullable: string;
      column_default: string | null;
      character_maximum_length: number | null;
      ordinal_position: number;
      is_generated: string;
      is_identity: string;
    }>`
      SELECT table_name::text, column_name::text, data_type::text, udt_name::text, is_nullable::text,
             column_default::text, character_maximum_length::int, ordinal_position::int,
             is_generated::text, is_identity::text
        FROM information_schema.columns
       WHERE table_schema = 'public' AND table_name = ANY(${names}::text[])
       ORDER BY table_name, ordinal_position`.execute(db),
    sql<{
      name: string;
      table_name: string;
      contype: string;
      columns: string[];
      ref_table: string | null;
      ref_columns: string[] | null;
      on_delete: string;
      on_update: string;
      definition: string;
    }>`
      SELECT con.conname::text AS name,
             rel.relname::text AS table_name,
             con.contype::text AS contype,
             ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, i)
                     JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
                    ORDER BY k.i) AS columns,
             ref.relname::text AS ref_table,
             CASE WHEN con.contype = 'f' THEN
               ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, i)
                       JOIN pg_catalog.pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum
                      ORDER BY k.i)
             END AS ref_columns,
             con.confdeltype::text AS on_delete,
             con.confupdtype::text AS on_update,
             pg_get_constraintdef(con.oid) AS definition
        FROM pg_catalog.pg_constraint con
        JOIN pg_catalog.pg_class rel ON rel.oid = con.conrelid
        JOIN pg_catalog.pg_namespace n ON n.oid = rel.relnamespace
        LEFT JOIN pg_catalog.pg_class ref ON ref.oid = con.confrelid
       WHERE n.nspname = 'public' AND con.contype IN ('p', 'f', 'u', 'c') AND rel.relname = ANY(${names}::text[])
       ORDER BY rel.relname, con.conname`.execute(db),
    sql<{ table_name: string; name: string; definition: string }>`
      SELECT tablename::text AS table_name, indexname::text AS name, indexdef AS definition
        FROM pg_catalog.pg_indexes
       WHERE schemaname = 'public' AND tablename = ANY(${names}::text[])
       ORDER BY tablename, indexname`.execute(db),
  ]);

  const pkColumns = new Map<string, string[]>();
  for (const c of constraints.rows) if (c.contype === 'p') pkColumns.set(c.table_name, c.columns);

  const tables = new Map<string, TableInfo>();
  for (const rel of relations.rows) {
    const cols: ColumnInfo[] = columns.rows
      .filter((c) => c.table_name === rel.name)
      .map((c) => ({
        name: c.column_name,
        type: c.data_type === 'ARRAY' ? `${c.udt_name.replace(/^_/, '')}[]` : c.data_type,
        udt: c.udt_name,
        nullable: c.is_nullable === 'YES',
        default: c.column_default,
        max_length: c.character_maximum_length,
        position: c.ordinal_position,
        generated: c.is_generated === 'ALWAYS',
        is_primary_key: pkColumns.get(rel.name)?.includes(c.column_name) ?? false,
        is_array: c.data_type === 'ARRAY',
        is_json: c.udt_name === 'json' || c.udt_name === 'jsonb',
      }));
    const idColumn = cols.find((c) => c.name === 'id');
    tables.set(rel.name, {
      name: rel.name,
      kind: rel.relkind === 'v' || rel.relkind === 'm' ? 'view' : 'table',
      columns: cols,
      column: new Map(cols.map((c) => [c.name, c])),
      primary_key: pkColumns.get(rel.name) ?? [],
      constraints: constraints.rows
        .filter((c) => c.table_name === rel.name)
        .map((c) => ({ name: c.name, kind: CONSTRAINT_KINDS[c.contype] ?? 'check', columns: c.columns, definition: c.definition })),
      indexes: indexes.rows.filter((i) => i.table_name === rel.name).map((i) => ({ name: i.name, definition: i.definition })),
      comment: rel.comment,
      soft_delete: cols.some((c) => c.name === 'deleted_at'),
      id_serial: idColumn !== undefined && /^nextval\(/.test(idColumn.default ?? ''),
    });
  }

  const foreign_keys: ForeignKeyInfo[] = constraints.rows
    .filter((c) => c.contype === 'f' && c.ref_table !== null)
    .map((c) => ({
      constraint: c.name,
      from_table: c.table_name,
      from_columns: c.columns,
      to_table: c.ref_table ?? '',
      to_columns: c.ref_columns ?? [],
      on_delete: FK_ACTIONS[c.on_delete] ?? c.on_delete,
      on_update: FK_ACTIONS[c.on_update] ?? c.on_update,
    }));

  return { tables, foreign_keys, loaded_at: new Date().toISOString() };
}

/** Shows a caller-given name in a message without letting it run on (quotes, length). */
export function shown(name: string): string {
  return JSON.stringify(name.length > 64 ? `${name.slice(0, 64)}…` : name);
}

/** A name that could be a table or column of this schema: letters, digits, underscores. */
export function isIdentifier(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(name);
}

/**
 * The live schema of the allow-listed tables, read from the catalog once per
 * server instance and kept until refresh(). Every table and column name a
 * caller gives is checked against it before it reaches SQL, and then passed
 * as a quoted identifier.
 */
export class SchemaCatalog {
  #snapshot: Promise<CatalogSnapshot> | undefined;

  constructor(private readonly db: Db) {}

  snapshot(): Promise<CatalogSnapshot> {
    if (!this.#snapshot) {
      const loading = loadSnapshot(this.db);
      this.#snapshot = loading;
      loading.catch(() => {
        if (this.#snapshot === loading) this.#snapshot = undefined;
      });
    }
    return this.#snapshot;
  }

  refresh(): Promise<CatalogSnapshot> {
    this.#snapshot = undefined;
    return this.snapshot();
  }

  /**
   * The table named `name` if the tool may use it for `access`; otherwise a
   * ToolError saying why. Never reveals anything about tables outside the list.
   */
  async table(name: string, access: Access): Promise<TableInfo> {
    if (!isAllowed(name, access)) throw refusal(name, access);
    const table = (await this.snapshot()).tables.get(name);
    if (!table) throw new ToolError(`Table ${shown(name)} does not exist in this database (see db_list_tables).`, 'not_found');
    return table;
  }

  /** Any known relation (story table, view or system table) as it exists, without the access check. */
  async anyTable(name: string): Promise<TableInfo | undefined> {
    return (await this.snapshot()).tables.get(name);
  }

  /** Every story table that exists, in an order where referenced tables come before the ones referencing them. */
  async storyTablesInDependencyOrder(): Promise<TableInfo[]> {
    const snap = await this.snapshot();
    const present = STORY_TABLES.filter((name) => snap.tables.get(name)?.kind === 'table');
    return dependencyOrder(present, snap.foreign_keys).map((name) => snap.tables.get(name) as TableInfo);
  }
}

function refusal(name: string, access: Access): ToolError {
  if (name === AUDIT_TABLE) {
    return new ToolError(
      access === 'write'
        ? 'audit_logs cannot be written: the server records audit entries itself.'
        : 'audit_logs is read only through db_query_audit_logs and db_get_audit_summary.',
      'forbidden',
    );
  }
  if (isSystemTable(name)) {
    return new ToolError(`${shown(name)} is a system table; the generic tools work on story tables only (see db_list_tables).`, 'forbidden');
  }
  if (access === 'write' && STORY_VIEWS.includes(name)) {
    return new ToolError(`${shown(name)} is a read-only view; write to the table it is built on.`, 'forbidden');
  }
  if (!isIdentifier(name)) {
    return new ToolError('The table name is not a plain table name (letters, digits and underscores); see db_list_tables for the names.', 'forbidden');
  }
  return new ToolError(`Table ${shown(name)} is not one of the story tables (see db_list_tables for the names).`, 'forbidden');
}

/**
 * Topological order over foreign keys among `names` (self references ignored:
 * a table's rows are inserted by one statement, and PostgreSQL checks
 * non-deferrable foreign keys at the end of the statement). Tables left in a
 * cycle, if any, come last in name order.
 */
export function dependencyOrder(names: readonly string[], fks: readonly ForeignKeyInfo[]): string[] {
  const set = new Set(names);
  const deps = new Map<string, Set<string>>(names.map((n) => [n, new Set<string>()]));
  for (const fk of fks) {
    if (fk.from_table !== fk.to_table && set.has(fk.from_table) && set.has(fk.to_table)) deps.get(fk.from_table)?.add(fk.to_table);
  }
  const order: string[] = [];
  const done = new Set<string>();
  let progressed = true;
  while (progressed && order.length < names.length) {
    progressed = false;
    for (const name of [...names].sort()) {
      if (done.has(name)) continue;
      if ([...(deps.get(name) ?? [])].every((d) => done.has(d))) {
        order.push(name);
        done.add(name);
        progressed = true;
      }
    }
  }
  for (const name of [...names].sort()) if (!done.has(name)) order.push(name);
  return order;
}
