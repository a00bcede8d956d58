import { isAllowed } from '../allow-list.js';
import type { AdminContext } from '../context.js';
import { lineTable, locateBackup, type Manifest } from './format.js';
import { digestFile, readLines } from './streams.js';

export interface BackupCheck {
  backup_file: string;
  valid: boolean;
  /** Reasons the backup cannot be trusted or restored. */
  problems: string[];
  /** Things a restore into this database would run into (the backup itself is intact). */
  warnings: string[];
  checks: {
    manifest: boolean;
    data_file: boolean | null;
    size: boolean | null;
    checksum: boolean | null;
    row_counts: boolean | null;
  };
  manifest?: Manifest;
  counted_rows?: Record<string, number>;
}

/**
 * Verifies a backup against its manifest: the data file exists, its size and
 * sha256 match, every line is in the format and names a table of the
 * manifest, and the rows per table match the counts. Reads the file streamed.
 */
export async function checkBackup(ctx: AdminContext, name: string, field = 'backupFile'): Promise<BackupCheck> {
  const located = await locateBackup(ctx.backups, name, field);
  const result: BackupCheck = {
    backup_file: name,
    valid: false,
    problems: [],
    warnings: [],
    checks: { manifest: false, data_file: null, size: null, checksum: null, row_counts: null },
  };
  const manifest = located.manifest;
  if (!manifest) {
    result.problems.push(located.problem ?? 'the manifest cannot be read');
    return result;
  }
  result.manifest = manifest;
  result.checks.manifest = true;
  if (manifest.id !== located.id) result.problems.push(`the manifest names backup ${manifest.id}, not ${located.id}`);
  for (const table of manifest.tables) {
    if (!isAllowed(table.name, 'write')) result.problems.push(`the manifest lists ${JSON.stringify(table.name)}, which is not a story table`);
  }
  const sum = manifest.tables.reduce((n, t) => n + t.rows, 0);
  if (sum !== manifest.total_rows) result.problems.push(`total_rows ${manifest.total_rows} differs from the tables' sum ${sum}`);

  if (!manifest.includes_data || manifest.data_file === null) {
    if (manifest.includes_data) result.problems.push('the manifest says the backup has data but names no data file');
  } else {
    let dataPath: string | undefined;
    try {
      dataPath = await ctx.backups.existing(manifest.data_file, 'data_file', 'data file');
      result.checks.data_file = true;
    } catch (error) {
      result.checks.data_file = false;
      result.problems.push(`data file ${manifest.data_file}: ${(error as Error).message}`);
    }
    if (dataPath) {
      const digest = await digestFile(dataPath);
      result.checks.size = digest.bytes === manifest.bytes;
      result.checks.checksum = digest.sha256 === manifest.sha256;
      if (!result.checks.size) result.problems.push(`the data file has ${digest.bytes} bytes, the manifest says ${manifest.bytes}`);
      if (!result.checks.checksum) result.problems.push('the data file sha256 does not match the manifest (the file was changed or damaged)');
      const counted: Record<string, number> = Object.fromEntries(manifest.tables.map((t) => [t.name, 0]));
      let badLines = 0;
      try {
        for await (const line of readLines(dataPath, manifest.compressed)) {
          const table = lineTable(line);
          if (table === undefined || counted[table] === undefined) badLines += 1;
          else counted[table] += 1;
        }
      } catch {
        result.problems.push(manifest.compressed ? 'the data file is not valid gzip' : 'the data file cannot be read');
      }
      if (badLines > 0) result.problems.push(`${badLines} line(s) of the data file are not rows of the manifest's tables`);
      const mismatched = manifest.tables.filter((t) => counted[t.name] !== t.rows);
      result.checks.row_counts = mismatched.length === 0 && badLines === 0;
      for (const t of mismatched) result.problems.push(`${t.name}: ${counted[t.name]} rows in the file, ${t.rows} in the manifest`);
      result.counted_rows = counted;
    }
  }

  const snapshot = await ctx.catalog.snapshot();
  for (const table of manifest.tables) {
    const live = snapshot.tables.get(table.name);
    if (!live) {
      result.warnings.push(`${table.name} does not exist in this database`);
      continue;
    }
    const missing = table.columns.filter((c) => !live.column.has(c));
    if (missing.length > 0) result.warnings.push(`${table.name}: columns ${missing.join(', ')} do not exist in this database`);
  }
  result.valid = result.problems.length === 0;
  return result;
}
