/**
 * CSV as RFC 4180 writes it (comma separated, CRLF or LF line ends, fields
 * with a comma, quote or line break in double quotes, quotes doubled), with
 * one convention for SQL NULL: an empty unquoted field is NULL, an empty
 * quoted field ("") is the empty string. Arrays and JSON values are written
 * as their JSON text.
 */

/** One field of a row as exported: null -> empty, strings quoted when needed, other values as JSON. */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value);
  if (typeof value === 'string' && (text === '' || /[",\r\n]/.test(text) || text.trim() !== text)) return `"${text.replace(/"/g, '""')}"`;
  if (/[",\r\n]/.test(text)) return `"${text.replace(/"/g, '""')}"`;
  return text;
}

export function csvLine(values: unknown[]): string {
  return `${values.map(csvField).join(',')}\n`;
}

export class CsvSyntaxError extends Error {
  override name = 'CsvSyntaxError';
}

/** Parses CSV text into rows of fields; a field is null when it was empty and unquoted. */
export function parseCsv(text: string): (string | null)[][] {
  const rows: (string | null)[][] = [];
  let row: (string | null)[] = [];
  let field = '';
  let quoted = false;
  let inQuotes = false;
  let started = false; // the current row has at least one character
  let line = 1;
  const endField = () => {
    row.push(!quoted && field === '' ? null : field);
    field = '';
    quoted = false;
  };
  const endRow = () => {
    endField();
    rows.push(row);
    row = [];
    started = false;
  };
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i] as string;
    if (inQuotes) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 1;
        } else {
          inQuotes = false;
        }
      } else {
        if (ch === '\n') line += 1;
        field += ch;
      }
      continue;
    }
    if (ch === '"') {
      if (field !== '' || quoted) throw new CsvSyntaxError(`line ${line}: a quote inside an unquoted field`);
      inQuotes = true;
      quoted = true;
      started = true;
    } else if (ch === ',') {
      endField();
      started = true;
    } else if (ch === '\r' && text[i + 1] === '\n') {
      continue;
    } else if (ch === '\n') {
      if (started || field !== '' || row.length > 0) endRow();
      line += 1;
    } else {
      if (quoted) throw new CsvSyntaxError(`line ${line}: text after a closing quote`);
      field += ch;
      started = true;
    }
  }
  if (inQuotes) throw new CsvSyntaxError(`line ${line}: a quoted field is not closed`);
  if (started || field !== '' || row.length > 0) endRow();
  return rows;
}
