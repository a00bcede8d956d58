import { sql } from '@mcp-writing/db';
import { ToolError } from '@mcp-writing/toolkit';
import { isIdentifier, shown, type TableInfo } from './queries/catalog.js';

/** A piece of SQL built with Kysely's `sql` tag (identifiers quoted, values as parameters). */
export type Fragment = ReturnType<typeof sql.raw>;

/** The `where` grammar, quoted in every tool description that takes one. */
export const WHERE_GRAMMAR =
  'A where object maps column names to conditions, all combined with AND: ' +
  '{"col": value} is equality; {"col": null} is IS NULL; ' +
  '{"col": {"eq": v}} / {"ne": v}; ranges {"gt": v}, {"gte": v}, {"lt": v}, {"lte": v} (combine them: {"gte": 1, "lt": 10}); ' +
  '{"in": [v1, v2]} / {"not_in": [...]} (1-1000 values); {"like": "Dr%"} / {"ilike": "%dragon%"} (pattern match on the text form, % and _ as wildcards, ilike ignores case); ' +
  '{"is_null": true|false}. Values are strings, numbers or booleans (dates as ISO strings) and are always sent as parameters; ' +
  'columns must exist in the table; no other operators, no OR, no SQL.';

export const WHERE_OPERATORS = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'not_in', 'like', 'ilike', 'is_null'] as const;
type Operator = (typeof WHERE_OPERATORS)[number];

const COMPARISONS: Record<'eq' | 'ne' | 'gt' | 'gte' | 'lt' | 'lte', string> = {
  eq: '=',
  ne: '<>',
  gt: '>',
  gte: '>=',
  lt: '<',
  lte: '<=',
};

const MAX_COLUMNS = 50;
const MAX_LIST = 1000;
const MAX_TEXT = 10_000;

type Scalar = string | number | boolean;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function scalar(value: unknown, where: string): Scalar {
  if (typeof value === 'string') {
    if (value.length > MAX_TEXT) throw new ToolError(`${where}: a value is longer than ${MAX_TEXT} characters.`);
    return value;
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new ToolError(`${where}: numbers must be finite.`);
    return value;
  }
  if (typeof value === 'boolean') return value;
  throw new ToolError(`${where}: values must be strings, numbers or booleans (got ${Array.isArray(value) ? 'an array' : typeof value}).`);
}

/** A column of `table` given by the caller, or a ToolError naming it. */
export function knownColumn(table: TableInfo, name: string, context: string) {
  const column = table.column.get(name);
  if (!column && !isIdentifier(name)) {
    throw new ToolError(`${context}: a column name is not a plain identifier (letters, digits and underscores). Columns of ${table.name}: ${table.columns.map((c) => c.name).join(', ')}.`);
  }
  if (!column) {
    throw new ToolError(
      `${context}: unknown column ${shown(name)} in ${table.name}. Columns: ${table.columns.map((c) => c.name).join(', ')}.`,
    );
  }
  return column;
}

/**
 * Turns a where object into an SQL condition on `alias`. Column names are
 * checked against the live schema and quoted as identifiers; every value is a
 * parameter. Returns undefined for an empty (or absent) where.
 */
export function whereCondition(
  table: TableInfo,
  where: Record<string, unknown> | undefined,
  alias = 't',
  label = 'where',
): Fragment | undefined {
  if (where === undefined) return undefined;
  if (!isPlainObject(where)) throw new ToolError(`${label} must be an object of column conditions.`);
  const entries = Object.entries(where);
  if (entries.length > MAX_COLUMNS) throw new ToolError(`${label} has more than ${MAX_COLUMNS} columns.`);
  const parts: Fragment[] = [];
  for (const [name, condition] of entries) {
    knownColumn(table, name, label);
    const context = `${label}.${name}`;
    const ref = sql.id(alias, name);
    if (condition === null) {
      parts.push(sql`${ref} IS NULL`);
    } else if (Array.isArray(condition)) {
      throw new ToolError(`${context}: use {"in": [...]} for a list of values.`);
    } else if (isPlainObject(condition)) {
      const ops = Object.entries(condition);
      if (ops.length === 0) throw new ToolError(`${context}: the condition object is empty.`);
      for (const [op, value] of ops) parts.push(operatorCondition(ref, op, value, context));
    } else {
      parts.push(sql`${ref} = ${scalar(condition, context)}`);
    }
  }
  if (parts.length === 0) return undefined;
  return sql`(${sql.join(parts, sql` AND `)})`;
}

function operatorCondition(ref: Fragment, op: string, value: unknown, context: string): Fragment {
  if (!(WHERE_OPERATORS as readonly string[]).includes(op)) {
    throw new ToolError(`${context}: unknown operator ${shown(op)}. Operators: ${WHERE_OPERATORS.join(', ')}.`);
  }
  const operator = op as Operator;
  switch (operator) {
    case 'eq':
    case 'ne':
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte': {
      if (value === null && (operator === 'eq' || operator === 'ne')) {
        return operator === 'eq' ? sql`${ref} IS NULL` : sql`${ref} IS NOT NULL`;
      }
      return sql`${ref} ${sql.raw(COMPARISONS[operator])} ${scalar(value, `${context}.${operator}`)}`;
    }
    case 'in':
    case 'not_in': {
      if (!Array.isArray(value) || value.length === 0 || value.length > MAX_LIST) {
        throw new ToolError(`${context}.${operator}: give a list of 1 to ${MAX_LIST} values.`);
      }
      const values = value.map((v) => scalar(v, `${context}.${operator}`));
      const list = sql.join(values);
      return operator === 'in' ? sql`${ref} IN (${list})` : sql`${ref} NOT IN (${list})`;
    }
    case 'like':
    case 'ilike': {
      if (typeof value !== 'string') throw new ToolError(`${context}.${operator}: the pattern must be a string.`);
      const pattern = scalar(value, `${context}.${operator}`);
      return operator === 'like' ? sql`CAST(${ref} AS text) LIKE ${pattern}` : sql`CAST(${ref} AS text) ILIKE ${pattern}`;
    }
    case 'is_null': {
      if (typeof value !== 'boolean') throw new ToolError(`${context}.is_null: must be true or false.`);
      return value ? sql`${ref} IS NULL` : sql`${ref} IS NOT NULL`;
    }
  }
}

/** A where that must select something: UPDATE and DELETE refuse to run without one. */
export function requiredWhereCondition(table: TableInfo, where: Record<string, unknown> | undefined, label = 'where'): Fragment {
  const condition = whereCondition(table, where, 't', label);
  if (!condition) {
    throw new ToolError(`${label} must name at least one column condition: updates and deletes of a whole table are refused.`);
  }
  return condition;
}
