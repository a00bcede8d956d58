import { NoResultError } from 'kysely';
import { PoolBusyError } from './semaphore.js';

/** What went wrong, in terms a tool result can be built from. */
export type DbErrorKind =
  | 'not_found'
  | 'duplicate'
  | 'missing_reference'
  | 'still_referenced'
  | 'required'
  | 'bad_value'
  | 'check'
  | 'timeout'
  | 'busy'
  | 'unavailable';

export interface DescribedDbError {
  kind: DbErrorKind;
  /** A plain sentence for the model: no SQL, no constraint internals beyond a column name. */
  message: string;
}

interface PgErrorFields {
  code?: string;
  column?: string;
  constraint?: string;
  detail?: string;
  table?: string;
  message?: string;
}

const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ETIMEDOUT',
  'EPIPE',
  '57P01', // admin_shutdown: the backend was terminated
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: starting up or shutting down
  '08P01', // protocol_violation: PgBouncer closing a client (KILL, shutdown, server gone)
  '08000',
  '08001',
  '08003',
  '08006',
]);

const CONNECTION_MESSAGES =
  /Connection terminated|connection (?:was )?closed|Client has encountered a connection error|server closed the connection|the database system is (?:starting up|shutting down)|no more connections allowed|database pool is closed/i;

/** "(series_id, book_number)=(1, 2)" -> "series_id, book_number" */
function keyColumns(detail: string | undefined): string | undefined {
  const match = detail?.match(/^Key \(([^)]+)\)=/);
  return match?.[1];
}

/** "Key (series_id)=(99) is not present in table \"series\"." -> { column, value, table } */
function missingReference(detail: string | undefined) {
  const match = detail?.match(/^Key \(([^)]+)\)=\(([^)]*)\) is not present in table "([^"]+)"/);
  if (!match) return undefined;
  const [, column = '', value = '', table = ''] = match;
  return { column, value, table };
}

/**
 * Maps a database or pool error to a sentence for a tool result, or returns
 * undefined for errors that are bugs (they are logged and shown as "internal").
 */
export function describeDbError(error: unknown): DescribedDbError | undefined {
  if (error instanceof NoResultError) return { kind: 'not_found', message: 'No matching record was found.' };
  if (error instanceof PoolBusyError) {
    return {
      kind: 'busy',
      message: 'The database is busy: no connection became free in time. Try again in a moment.',
    };
  }
  if (typeof error !== 'object' || error === null) return undefined;
  const e = error as PgErrorFields;
  const table = e.table ? ` in ${e.table}` : '';
  switch (e.code) {
    case '23505': {
      const columns = keyColumns(e.detail);
      return {
        kind: 'duplicate',
        message: columns
          ? `A record${table} with the same ${columns} already exists.`
          : `A record${table} with the same unique value already exists.`,
      };
    }
    case '23001': // restrict_violation: ON DELETE RESTRICT
      return {
        kind: 'still_referenced',
        message: `This record${table} is still referenced by other records; remove or reassign those first.`,
      };
    case '23503': {
      const ref = missingReference(e.detail);
      if (ref) {
        return {
          kind: 'missing_reference',
          message: `${ref.column} ${ref.value} does not exist (no such record in ${ref.table}).`,
        };
      }
      return {
        kind: 'still_referenced',
        message: `This record${table} is still referenced by other records; remove or reassign those first.`,
      };
    }
    case '23502':
      return {
        kind: 'required',
        message: e.column ? `${e.column} is required.` : 'A required value is missing.',
      };
    case '22P02':
    case '22003':
    case '22007':
    case '22008':
    case '22001':
    case '2201X':
    case '2201W':
      return {
        kind: 'bad_value',
        message:
          e.code === '22001'
            ? 'A value is longer than the field allows.'
            : e.code === '22003'
              ? 'A number is out of range.'
              : e.code === '22007' || e.code === '22008'
                ? 'A date or time value is not valid.'
                : 'A value has the wrong format for its field.',
      };
    case '23514':
      return {
        kind: 'check',
        message: `A value${table} is outside what the field allows${e.constraint ? ` (rule ${e.constraint})` : ''}.`,
      };
    case '22021': // character_not_in_repertoire: a NUL (\u0000) in text
    case '22P05': // untranslatable_character: a NUL (\u0000) in jsonb
      return {
        kind: 'bad_value',
        message: 'A text value contains a character the database cannot store (the NUL character \\u0000); remove it and try again.',
      };
    case '53300':
      return {
        kind: 'busy',
        message: 'The database has no free connections right now. Try again in a moment.',
      };
    case '57014':
      return { kind: 'timeout', message: 'The database took too long and the query was cancelled.' };
    default:
      break;
  }
  if ((e.code && UNAVAILABLE_CODES.has(e.code)) || (e.message && CONNECTION_MESSAGES.test(e.message))) {
    return {
      kind: 'unavailable',
      message: 'The database is unavailable right now (connection lost or refused). Try again shortly.',
    };
  }
  return undefined;
}
