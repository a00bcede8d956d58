import { sql } from '@mcp-writing/db';
import type { AdminContext } from '../context.js';
import type { TableInfo } from '../queries/catalog.js';
import type { Fragment } from '../where.js';
import { dataFileName, dataLine, FORMAT, FORMAT_VERSION, MANIFEST_SUFFIX, type BackupType, type Manifest } from './format.js';
import { rowPages } from './pages.js';
import { fileStamp } from './store.js';
import { FileWriter } from './streams.js';

export interface BackupPlan {
  type: BackupType;
  /** Tables in the order they are written (referenced tables first). */
  tables: { info: TableInfo; filter?: Fragment; changed_since?: string | null }[];
  compress: boolean;
  includeData: boolean;
  includeSchema: boolean;
  /** The table of a table backup (names the files). */
  table?: string;
  incremental?: { base_backup: string; base_created_at: string; since: string; untracked_tables: string[] };
}

function schemaOf(table: TableInfo) {
  return {
    columns: table.columns.map((c) => ({ name: c.name, type: c.type, nullable: c.nullable, default: c.default })),
    constraints: table.constraints.map((c) => ({ name: c.name, kind: c.kind, definition: c.definition })),
    indexes: table.indexes.map((i) => ({ name: i.name, definition: i.definition })),
  };
}

/**
 * Writes a backup: every row of the planned tables read in pages inside ONE
 * read-only REPEATABLE READ transaction on this server's handle (a single
 * connection, a consistent snapshot), streamed to the data file, then the
 * manifest. Returns the manifest.
 */
export async function writeBackup(ctx: AdminContext, plan: BackupPlan): Promise<Manifest> {
  const id = `${plan.type}${plan.table ? `-${plan.table}` : ''}-${fileStamp()}`;
  const dataFile = plan.includeData ? dataFileName(id, plan.compress) : null;
  const writer = dataFile ? await FileWriter.open(ctx.backups, dataFile, plan.compress) : undefined;
  try {
    const snapshot = await ctx.db
      .transaction()
      .setIsolationLevel('repeatable read')
      .setAccessMode('read only')
      .execute(async (trx) => {
        const { rows } = await sql<{ created_at: Date; snapshot_at: string; database: string }>`
          SELECT now() AS created_at, localtimestamp::text AS snapshot_at, current_database()::text AS database`.execute(trx);
        const meta = rows[0] as { created_at: Date; snapshot_at: string; database: string };
        const counts: Manifest['tables'] = [];
        for (const { info, filter, changed_since } of plan.tables) {
          let count = 0;
          if (writer) {
            for await (const page of rowPages(trx, info, filter)) {
              await writer.write(page.map((row) => dataLine(info.name, row)).join(''));
              count += page.length;
            }
          }
          counts.push({
            name: info.name,
            rows: count,
            columns: info.columns.filter((c) => !c.generated).map((c) => c.name),
            ...(changed_since !== undefined ? { changed_since } : {}),
          });
        }
        return { meta, counts };
      });
    const written = writer ? await writer.finish() : { bytes: 0, sha256: null };
    const manifest: Manifest = {
      format: FORMAT,
      version: FORMAT_VERSION,
      id,
      type: plan.type,
      ...(plan.table ? { table: plan.table } : {}),
      created_at: snapshot.meta.created_at.toISOString(),
      snapshot_at: snapshot.meta.snapshot_at,
      database: snapshot.meta.database,
      data_file: dataFile,
      compressed: dataFile ? plan.compress : false,
      bytes: written.bytes,
      sha256: written.sha256,
      includes_data: plan.includeData,
      includes_schema: plan.includeSchema,
      total_rows: snapshot.counts.reduce((sum, t) => sum + t.rows, 0),
      tables: snapshot.counts,
      ...(plan.includeSchema ? { schema: Object.fromEntries(plan.tables.map(({ info }) => [info.name, schemaOf(info)])) } : {}),
      ...(plan.incremental ?? {}),
    };
    await ctx.backups.writeSmall(`${id}${MANIFEST_SUFFIX}`, `${JSON.stringify(manifest, null, 2)}\n`);
    return manifest;
  } catch (error) {
    await writer?.abort();
    throw error;
  }
}

/** What the backup tools return about a backup (no file contents). */
export function describeBackup(manifest: Manifest) {
  return {
    backup_file: manifest.data_file ?? `${manifest.id}${MANIFEST_SUFFIX}`,
    manifest_file: `${manifest.id}${MANIFEST_SUFFIX}`,
    id: manifest.id,
    type: manifest.type,
    ...(manifest.table ? { table: manifest.table } : {}),
    created_at: manifest.created_at,
    compressed: manifest.compressed,
    includes_data: manifest.includes_data,
    includes_schema: manifest.includes_schema,
    size_bytes: manifest.bytes,
    sha256: manifest.sha256,
    total_rows: manifest.total_rows,
    table_count: manifest.tables.length,
    tables: Object.fromEntries(manifest.tables.map((t) => [t.name, t.rows])),
    ...(manifest.base_backup ? { base_backup: manifest.base_backup, base_created_at: manifest.base_created_at, since: manifest.since } : {}),
    ...(manifest.untracked_tables ? { untracked_tables: manifest.untracked_tables } : {}),
  };
}
