import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { sql } from '@mcp-writing/db';
import { type ServerHarness } from '@mcp-writing/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORY_TABLES } from '../src/index.js';
import { auditRows, buildStory, fingerprint, ok, refused, rowsOf, startAdmin, type Story } from './helpers.js';

interface BackupResult {
  backup_file: string;
  manifest_file: string;
  id: string;
  type: string;
  created_at: string;
  compressed: boolean;
  size_bytes: number;
  sha256: string;
  total_rows: number;
  tables: Record<string, number>;
  includes_data: boolean;
  includes_schema: boolean;
  base_backup?: string;
  untracked_tables?: string[];
}

interface Manifest {
  type: string;
  data_file: string | null;
  sha256: string | null;
  bytes: number;
  tables: { name: string; rows: number; columns: string[] }[];
  schema?: Record<string, { columns: { name: string }[] }>;
  base_backup?: string;
  since?: string;
}

let h: ServerHarness & { backupDir: string };
/** A second, freshly migrated database (lookup seeds only) served by a second server on the same backup directory. */
let target: ServerHarness & { backupDir: string };
let story: Story;
let full: BackupResult;

const manifestOf = (dir: string, backup: { manifest_file: string }) => JSON.parse(readFileSync(path.join(dir, backup.manifest_file), 'utf8')) as Manifest;

async function countsOf(db: ServerHarness['db']): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const [table, fp] of Object.entries(await fingerprint(db))) out[table] = fp.rows;
  return out;
}

beforeAll(async () => {
  h = await startAdmin();
  target = await startAdmin({ backupDir: h.backupDir });
  story = await buildStory(h.db, 'bk', 700);
  full = await ok<BackupResult>(h, 'db_backup_full');
});
afterAll(async () => {
  await target?.close();
  await h?.close();
});

describe('db_backup_full', () => {
  it('writes a gzipped JSON-lines data file and a manifest with per-table counts and the sha256', async () => {
    expect(full).toMatchObject({ type: 'full', compressed: true, includes_data: true, includes_schema: true });
    expect(full.backup_file).toMatch(/^full-\d{8}T\d{9}Z-[0-9a-f]{6}\.jsonl\.gz$/);
    const dataPath = path.join(h.backupDir, full.backup_file);
    const bytes = readFileSync(dataPath);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(full.sha256);
    expect(bytes.length).toBe(full.size_bytes);
    const counts = await countsOf(h.db);
    expect(full.tables).toEqual(counts);
    expect(Object.keys(full.tables).sort()).toEqual([...STORY_TABLES].sort());
    expect(full.total_rows).toBe(Object.values(counts).reduce((a, b) => a + b, 0));
    const lines = gunzipSync(bytes).toString('utf8').trim().split('\n');
    expect(lines).toHaveLength(full.total_rows);
    const first = JSON.parse(lines[0] as string) as { t: string; r: Record<string, unknown> };
    expect(Object.keys(first)).toEqual(['t', 'r']);
    // referenced tables come first: authors before series before books before chapters
    const order = [...new Set(lines.map((l) => (JSON.parse(l) as { t: string }).t))];
    expect(order.indexOf('authors')).toBeLessThan(order.indexOf('series'));
    expect(order.indexOf('series')).toBeLessThan(order.indexOf('books'));
    expect(order.indexOf('books')).toBeLessThan(order.indexOf('chapters'));
    const manifest = manifestOf(h.backupDir, full);
    expect(manifest.schema?.books?.columns.map((c) => c.name)).toContain('title');
    expect(manifest.tables.find((t) => t.name === 'timeline_events')?.rows).toBe(701);
  });

  it.each([[{ compress: 'yes' }, /compress/], [{ includeSchema: 1 }, /includeSchema/]])('refuses %j', async (args, message) => {
    expect(await refused(h, 'db_backup_full', args)).toMatch(message);
  });

  it('never includes the audit or migration tables', async () => {
    expect(Object.keys(full.tables)).not.toContain('audit_logs');
    expect(Object.keys(full.tables)).not.toContain('migrations');
    expect(Object.keys(full.tables)).not.toContain('kysely_migration');
  });

  it('writes plain JSON lines without compress and no schema without includeSchema', async () => {
    const plain = await ok<BackupResult>(h, 'db_backup_full', { compress: false, includeSchema: false });
    expect(plain.backup_file).toMatch(/\.jsonl$/);
    expect(plain.includes_schema).toBe(false);
    expect(manifestOf(h.backupDir, plain).schema).toBeUndefined();
    const text = readFileSync(path.join(h.backupDir, plain.backup_file), 'utf8');
    expect(text.trim().split('\n')).toHaveLength(plain.total_rows);
  });

  it('uses at most this server\'s connection cap while other servers keep answering', async () => {
    const capped = await startAdmin({}, { DB_POOL_MAX: '3', DB_POOL_MAX_PER_SERVER: '1' });
    try {
      await buildStory(capped.db, 'cap', 1500);
      let maxInUse = 0;
      let running = true;
      const sample = async () => {
        while (running) {
          maxInUse = Math.max(maxInUse, capped.handle.stats().servers['database-admin']?.inUse ?? 0);
          await new Promise((resolve) => setImmediate(resolve));
        }
      };
      const sampling = sample();
      const backup = capped.call('db_backup_full', {});
      const other = capped.handle.forServer('author').selectFrom('authors').select('id').execute();
      const [res, others] = await Promise.all([backup, other]);
      running = false;
      await sampling;
      expect(res.isError).toBeFalsy();
      expect(others.length).toBeGreaterThan(0);
      expect(maxInUse).toBe(1);
    } finally {
      await capped.close();
    }
  });
});

describe('db_validate_backup', () => {
  it('accepts an intact backup, by data file, manifest or id', async () => {
    for (const name of [full.backup_file, full.manifest_file, full.id]) {
      const res = await ok<{ valid: boolean; problems: string[]; checks: Record<string, boolean> }>(h, 'db_validate_backup', { backupFile: name });
      expect(res.valid).toBe(true);
      expect(res.problems).toEqual([]);
      expect(res.checks).toEqual({ manifest: true, data_file: true, size: true, checksum: true, row_counts: true });
    }
  });

  it('finds a changed data file and a tampered manifest, and restore refuses them', async () => {
    const plain = await ok<BackupResult>(h, 'db_backup_table', { table: 'genres', compress: false });
    appendFileSync(path.join(h.backupDir, plain.backup_file), '{"t":"genres","r":{"id":99999,"genre_name":"Injected"}}\n');
    const res = await ok<{ valid: boolean; problems: string[]; checks: Record<string, boolean> }>(h, 'db_validate_backup', { backupFile: plain.backup_file });
    expect(res.valid).toBe(false);
    expect(res.checks).toMatchObject({ size: false, checksum: false, row_counts: false });
    expect(res.problems.join(' ')).toMatch(/sha256 does not match/);
    const before = await fingerprint(target.db);
    const message = await refused(target, 'db_restore_table', { backupFile: plain.backup_file, table: 'genres', onConflict: 'skip' });
    expect(message).toMatch(/failed validation, nothing was restored/);
    expect(await fingerprint(target.db)).toEqual(before);

    const other = await ok<BackupResult>(h, 'db_backup_table', { table: 'genres' });
    const manifestPath = path.join(h.backupDir, other.manifest_file);
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
    manifest.tables[0] = { ...(manifest.tables[0] as Manifest['tables'][number]), rows: 1 };
    writeFileSync(manifestPath, JSON.stringify(manifest));
    const tampered = await ok<{ valid: boolean; problems: string[] }>(h, 'db_validate_backup', { backupFile: other.backup_file });
    expect(tampered.valid).toBe(false);
    expect(tampered.problems.join(' ')).toMatch(/genres: \d+ rows in the file, 1 in the manifest/);

    writeFileSync(manifestPath, '{not json');
    const broken = await ok<{ valid: boolean; problems: string[] }>(h, 'db_validate_backup', { backupFile: other.backup_file });
    expect(broken).toMatchObject({ valid: false, problems: ['the manifest is not valid JSON'] });
  });

  it('says which backup was not found', async () => {
    expect(await refused(h, 'db_validate_backup', { backupFile: 'full-nothing.jsonl.gz' })).toMatch(/backup full-nothing.jsonl.gz not found/);
    expect(await refused(h, 'db_validate_backup', {})).toMatch(/backupFile/);
  });
});

describe('db_restore_full', () => {
  it('refuses by default when rows with the same keys exist (the lookup seeds), and changes nothing', async () => {
    const before = await fingerprint(target.db);
    const message = await refused(target, 'db_restore_full', { backupFile: full.backup_file });
    expect(message).toMatch(/already exists.*Nothing was restored: use onConflict "skip" or "overwrite", or dropExisting/);
    expect(await fingerprint(target.db)).toEqual(before);
    const failure = (await auditRows(target.db, { operation: 'BATCH_INSERT' })).at(-1);
    expect(failure).toMatchObject({ success: false, table_name: '*' });
    expect(await auditRows(target.db, { operation: 'BATCH_DELETE' })).toEqual([]);
  });

  it('reproduces every row of every story table in an empty migrated database (dropExisting)', async () => {
    const res = await ok<{ restored_tables: number; rows_inserted: number; rows_deleted: number; tables: Record<string, { inserted: number }> }>(target, 'db_restore_full', {
      backupFile: full.backup_file,
      dropExisting: true,
    });
    expect(res.restored_tables).toBe(STORY_TABLES.length);
    expect(res.rows_inserted).toBe(full.total_rows);
    for (const table of STORY_TABLES) {
      expect(await rowsOf(target.db, table), table).toEqual(await rowsOf(h.db, table));
    }
    // sequences moved past the restored ids: a new row gets a fresh id
    const added = await ok<{ record: { id: number } }>(target, 'db_insert_record', { table: 'authors', data: { name: 'After restore' } });
    expect(added.record.id).toBeGreaterThan(story.authorId);
    await target.db.deleteFrom('authors').where('id', '=', added.record.id).execute();
    const audits = await auditRows(target.db);
    expect(audits.filter((a) => a.success && a.operation === 'BATCH_INSERT' && a.table_name === '*')).toHaveLength(1);
    expect(audits.filter((a) => a.success && a.operation === 'BATCH_DELETE')).toHaveLength(1);
  });

  it('skips rows whose keys exist with onConflict skip', async () => {
    const before = await fingerprint(target.db);
    const res = await ok<{ rows_inserted: number; rows_skipped: number }>(target, 'db_restore_full', { backupFile: full.backup_file, onConflict: 'skip' });
    expect(res).toMatchObject({ rows_inserted: 0, rows_skipped: full.total_rows });
    expect(await fingerprint(target.db)).toEqual(before);
  });

  it('replaces changed rows with onConflict overwrite', async () => {
    await target.db.updateTable('books').set({ title: 'Changed in target' }).where('id', '=', story.bookIds[0]).execute();
    const res = await ok<{ rows_updated: number; tables: Record<string, { updated: number }> }>(target, 'db_restore_full', {
      backupFile: full.backup_file,
      onConflict: 'overwrite',
    });
    expect(res.tables.books?.updated).toBe(2);
    const book = await target.db.selectFrom('books').select('title').where('id', '=', story.bookIds[0]).executeTakeFirstOrThrow();
    expect(book.title).toBe('Book One bk');
  });

  it.each([
    [{ backupFile: 'missing-backup.jsonl.gz' }, /backup missing-backup.jsonl.gz not found/],
    [{ backupFile: 'x', onConflict: 'merge' }, /onConflict/],
    [{ backupFile: 'x', dropExisting: 'yes' }, /dropExisting/],
    [{}, /backupFile/],
  ])('refuses %j', async (args, message) => {
    expect(await refused(target, 'db_restore_full', args)).toMatch(message);
  });
});

describe('db_backup_table and db_restore_table', () => {
  it('backs up one table with its schema, data only, or schema only', async () => {
    const both = await ok<BackupResult>(h, 'db_backup_table', { table: 'locations' });
    expect(both).toMatchObject({ type: 'table', includes_data: true, includes_schema: true, tables: { locations: 2 } });
    expect(both.backup_file).toMatch(/^table-locations-.*\.jsonl\.gz$/);
    const data = await ok<BackupResult>(h, 'db_backup_table', { table: 'locations', dataOnly: true });
    expect(data).toMatchObject({ includes_schema: false, includes_data: true });
    const schema = await ok<BackupResult>(h, 'db_backup_table', { table: 'locations', schemaOnly: true });
    expect(schema).toMatchObject({ includes_schema: true, includes_data: false, total_rows: 0 });
    expect(schema.backup_file).toBe(schema.manifest_file);
    expect(manifestOf(h.backupDir, schema).schema?.locations?.columns.map((c) => c.name)).toContain('parent_location_id');
    expect(await refused(target, 'db_restore_table', { backupFile: schema.backup_file, table: 'locations' })).toMatch(/only a schema description/);
  });

  it('restores one table, parents and children of a self reference in any id order', async () => {
    const backup = await ok<BackupResult>(h, 'db_backup_table', { table: 'locations' });
    await target.db.updateTable('organizations').set({ headquarters_location_id: null }).execute();
    await target.db.deleteFrom('locations').execute();
    const res = await ok<{ tables: Record<string, { inserted: number }> }>(target, 'db_restore_table', { backupFile: backup.backup_file, table: 'locations' });
    expect(res.tables.locations?.inserted).toBe(2);
    expect(await rowsOf(target.db, 'locations')).toEqual(await rowsOf(h.db, 'locations'));
  });

  it('restores one table out of a full backup', async () => {
    await target.db.deleteFrom('world_elements').execute();
    const res = await ok<{ restored_tables: number; tables: Record<string, { inserted: number; skipped: number }> }>(target, 'db_restore_table', {
      backupFile: full.backup_file,
      table: 'world_elements',
      onConflict: 'skip',
    });
    expect(res.restored_tables).toBe(1);
    expect(res.tables.world_elements?.inserted).toBe(1);
    expect(await rowsOf(target.db, 'world_elements')).toEqual(await rowsOf(h.db, 'world_elements'));
  });

  it.each([
    [{ table: 'locations', dataOnly: true, schemaOnly: true }, /exclude each other/],
    [{ table: 'audit_logs' }, /audit_logs cannot be written/],
    [{ table: 'nope' }, /not one of the story tables/],
  ])('refuses to back up %j', async (args, message) => {
    expect(await refused(h, 'db_backup_table', args)).toMatch(message);
  });

  it('refuses dropExisting for anything but a full backup', async () => {
    const backup = await ok<BackupResult>(h, 'db_backup_table', { table: 'books' });
    const before = await fingerprint(target.db);
    expect(await refused(target, 'db_restore_full', { backupFile: backup.backup_file, dropExisting: true })).toMatch(/dropExisting needs a full backup/);
    expect(await fingerprint(target.db)).toEqual(before);
  });

  it('refuses a table the backup does not hold', async () => {
    const backup = await ok<BackupResult>(h, 'db_backup_table', { table: 'genres' });
    expect(await refused(target, 'db_restore_table', { backupFile: backup.backup_file, table: 'books' })).toMatch(/has no table books; it holds genres/);
  });
});

describe('db_backup_incremental', () => {
  it('holds the rows created or updated since its base, referencing the base', async () => {
    const base = await ok<BackupResult>(h, 'db_backup_full', {});
    await h.db.updateTable('books').set({ description: 'Changed after base' }).where('id', '=', story.bookIds[1]).execute();
    const added = await h.db.insertInto('characters').values({ series_id: story.seriesId, name: 'Late arrival' }).returning('id').executeTakeFirstOrThrow();
    const inc = await ok<BackupResult>(h, 'db_backup_incremental', { baseBackup: base.backup_file });
    expect(inc.type).toBe('incremental');
    expect(inc.base_backup).toBe(base.backup_file);
    expect(inc.tables.books).toBe(1);
    expect(inc.tables.characters).toBe(1);
    expect(inc.tables.authors).toBe(0);
    expect(inc.tables.timeline_events).toBe(0);
    expect(inc.untracked_tables).toContain('npe_compliance_summary');
    expect(inc.tables.npe_compliance_summary).toBe(1);
    const lines = gunzipSync(readFileSync(path.join(h.backupDir, inc.backup_file))).toString('utf8').trim().split('\n');
    const rows = lines.map((l) => JSON.parse(l) as { t: string; r: { id: number | string } });
    expect(rows.filter((r) => r.t === 'characters').map((r) => r.r.id)).toEqual([added.id]);
    expect(rows.filter((r) => r.t === 'books').map((r) => r.r.id)).toEqual([story.bookIds[1]]);
    expect(manifestOf(h.backupDir, inc).since).toBeTruthy();

    // base + incremental bring a copy up to date
    await ok(target, 'db_restore_full', { backupFile: base.backup_file, dropExisting: true });
    await ok(target, 'db_restore_full', { backupFile: inc.backup_file, onConflict: 'overwrite' });
    const book = await target.db.selectFrom('books').select('description').where('id', '=', story.bookIds[1]).executeTakeFirstOrThrow();
    expect(book.description).toBe('Changed after base');
    expect(await rowsOf(target.db, 'characters')).toEqual(await rowsOf(h.db, 'characters'));
  });

  it('defaults to the latest full backup', async () => {
    const latest = await ok<BackupResult>(h, 'db_backup_full', {});
    const inc = await ok<BackupResult>(h, 'db_backup_incremental', {});
    expect(inc.base_backup).toBe(latest.backup_file);
    expect(inc.tables.books).toBe(0);
  });

  it('refuses a base that is not a full or incremental backup, or does not exist', async () => {
    const table = await ok<BackupResult>(h, 'db_backup_table', { table: 'genres' });
    expect(await refused(h, 'db_backup_incremental', { baseBackup: table.backup_file })).toMatch(/full or incremental/);
    expect(await refused(h, 'db_backup_incremental', { baseBackup: 'full-none.jsonl.gz' })).toMatch(/backup full-none.jsonl.gz not found/);
  });

  it('needs a full backup when no base is given', async () => {
    const lonely = await startAdmin();
    try {
      expect(await refused(lonely, 'db_backup_incremental', {})).toMatch(/no full backup/);
    } finally {
      await lonely.close();
    }
  });
});

describe('db_list_backups and db_delete_backup', () => {
  it('lists backups newest first, by type and by size, with other files apart', async () => {
    const all = await ok<{ backups: BackupResult[]; count: number; total_count: number; other_files: { file: string }[] }>(h, 'db_list_backups');
    expect(all.count).toBe(all.backups.length);
    const dates = all.backups.map((b) => b.created_at);
    expect(dates).toEqual([...dates].sort().reverse());
    expect(all.backups.map((b) => b.backup_file)).toContain(full.backup_file);
    const fulls = await ok<{ backups: BackupResult[] }>(h, 'db_list_backups', { type: 'full' });
    expect(fulls.backups.every((b) => b.type === 'full')).toBe(true);
    const bySize = await ok<{ backups: BackupResult[] }>(h, 'db_list_backups', { sortBy: 'size', limit: 2 });
    expect(bySize.backups).toHaveLength(2);
    expect(bySize.backups[0]?.size_bytes).toBeGreaterThanOrEqual(bySize.backups[1]?.size_bytes ?? 0);
  });

  it('deletes a backup\'s data file and manifest', async () => {
    const doomed = await ok<BackupResult>(h, 'db_backup_table', { table: 'genres' });
    const res = await ok<{ deleted: string[] }>(h, 'db_delete_backup', { backupFile: doomed.backup_file });
    expect(res.deleted.sort()).toEqual([doomed.backup_file, doomed.manifest_file].sort());
    expect(existsSync(path.join(h.backupDir, doomed.backup_file))).toBe(false);
    expect(existsSync(path.join(h.backupDir, doomed.manifest_file))).toBe(false);
    expect(await refused(h, 'db_delete_backup', { backupFile: doomed.backup_file })).toMatch(/not found/);
  });

  it.each([[{ type: 'weekly' }, /type/], [{ sortBy: 'name' }, /sortBy/], [{ limit: 0 }, /limit/]])('refuses %j', async (args, message) => {
    expect(await refused(h, 'db_list_backups', args)).toMatch(message);
  });
});

describe('db_export_json / db_export_csv and db_import_json / db_import_csv', () => {
  it('exports filtered rows to JSON and imports them back (error, skip, update)', async () => {
    const exp = await ok<{ file: string; rows: number; format: string }>(h, 'db_export_json', { table: 'characters', where: { series_id: story.seriesId }, limit: 3 });
    expect(exp).toMatchObject({ rows: 3, format: 'json' });
    expect(exp.file).toMatch(/^export-characters-.*\.json$/);
    const doc = JSON.parse(readFileSync(path.join(h.backupDir, exp.file), 'utf8')) as { table: string; count: number; records: { id: number; aliases: string[] | null }[] };
    expect(doc).toMatchObject({ table: 'characters', count: 3 });
    expect(doc.records[0]?.aliases).toEqual(['The Tide', "O'Hara, \"M\""]);

    const ids = doc.records.map((r) => r.id);
    const duplicate = await refused(target, 'db_import_json', { table: 'characters', jsonFile: exp.file });
    expect(duplicate).toMatch(/already exists.*Nothing was imported: use onConflict "skip" or "update"/);
    const skipped = await ok<{ inserted: number; skipped: number }>(target, 'db_import_json', { table: 'characters', jsonFile: exp.file, onConflict: 'skip' });
    expect(skipped).toMatchObject({ inserted: 0, skipped: 3 });
    await target.db.updateTable('characters').set({ full_name: 'Overwritten' }).where('id', 'in', ids).execute();
    const updated = await ok<{ updated: number }>(target, 'db_import_json', { table: 'characters', jsonFile: exp.file, onConflict: 'update' });
    expect(updated.updated).toBe(3);
    const names = await target.db.selectFrom('characters').select('full_name').where('id', '=', ids[0] as number).executeTakeFirstOrThrow();
    expect(names.full_name).toBe('Mara Vell');
    await target.db.deleteFrom('character_chapter_presence').execute();
    await target.db.deleteFrom('event_participants').execute();
    await target.db.updateTable('chapters').set({ pov_character_id: null }).execute();
    await target.db.updateTable('chapter_scenes').set({ pov_character_id: null }).execute();
    await target.db.deleteFrom('characters').where('id', 'in', ids).execute();
    const fresh = await ok<{ inserted: number }>(target, 'db_import_json', { table: 'characters', jsonFile: exp.file });
    expect(fresh.inserted).toBe(3);
    const { rows: a } = await sql<{ j: string }>`SELECT row_to_json(t)::text AS j FROM characters t WHERE id = ANY(${ids}) ORDER BY id`.execute(target.db);
    const { rows: b } = await sql<{ j: string }>`SELECT row_to_json(t)::text AS j FROM characters t WHERE id = ANY(${ids}) ORDER BY id`.execute(h.db);
    expect(a).toEqual(b);
    expect((await auditRows(target.db, { operation: 'BATCH_INSERT', table: 'characters' })).filter((r) => r.success)).toHaveLength(3);
  });

  it('exports CSV (nulls, quotes, commas, arrays, jsonb) and imports it back exactly', async () => {
    const exp = await ok<{ file: string; rows: number }>(h, 'db_export_csv', { table: 'relationship_arcs' });
    expect(exp.rows).toBe(1);
    const text = readFileSync(path.join(h.backupDir, exp.file), 'utf8');
    expect(text.split('\n')[0]).toMatch(/^id,plot_thread_id,arc_name,participants,/);
    await target.db.deleteFrom('relationship_arcs').execute();
    const res = await ok<{ inserted: number }>(target, 'db_import_csv', { table: 'relationship_arcs', csvFile: exp.file });
    expect(res.inserted).toBe(1);
    expect(await rowsOf(target.db, 'relationship_arcs')).toEqual(await rowsOf(h.db, 'relationship_arcs'));

    const chars = await ok<{ file: string }>(h, 'db_export_csv', { table: 'characters', where: { name: { like: 'Mara%' } } });
    expect(readFileSync(path.join(h.backupDir, chars.file), 'utf8')).toContain('"[""The Tide"",""O\'Hara, \\""M\\""""]"');
    const again = await ok<{ updated: number }>(target, 'db_import_csv', { table: 'characters', csvFile: chars.file, onConflict: 'update' });
    expect(again.updated).toBe(1);
  });

  it('imports a hand-written CSV without headers and with defaults for missing columns', async () => {
    writeFileSync(path.join(target.backupDir, 'tropes-with-header.csv'), 'trope_name,trope_category,description\r\nFound family,relationship,""\r\n"Chosen one, reluctant",,"He said ""no"""\r\n');
    const res = await ok<{ inserted: number }>(target, 'db_import_csv', { table: 'tropes', csvFile: 'tropes-with-header.csv' });
    expect(res.inserted).toBe(2);
    const rows = await target.db.selectFrom('tropes').select(['trope_name', 'trope_category', 'description']).where('trope_name', 'in', ['Found family', 'Chosen one, reluctant']).orderBy('trope_name').execute();
    expect(rows).toEqual([
      { trope_name: 'Chosen one, reluctant', trope_category: null, description: 'He said "no"' },
      { trope_name: 'Found family', trope_category: 'relationship', description: '' },
    ]);
    const columns = await target.db.selectFrom('genres').select('id').orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
    writeFileSync(path.join(target.backupDir, 'genres-no-header.csv'), `${columns.id + 100},Solarpunk,Hopeful futures,true,2024-05-06 07:08:09.123456\n`);
    await ok(target, 'db_import_csv', { table: 'genres', csvFile: 'genres-no-header.csv', hasHeaders: false });
    const { rows: g } = await sql<{ c: string }>`SELECT created_at::text AS c FROM genres WHERE genre_name = 'Solarpunk'`.execute(target.db);
    expect(g[0]?.c).toBe('2024-05-06 07:08:09.123456');
  });

  it.each([
    ['bad.json', '{"records": [', /not valid JSON/],
    ['scalar.json', '42', /array of records/],
    ['unknown.json', '[{"trope_name": "x", "nope": 1}]', /record 1: unknown column "nope"/i],
    ['empty.json', '[]', /no records/],
    ['no-id.json', '[{"trope_name": "x"}]', /needs the key \(id\)/],
  ])('refuses the JSON file %s and imports nothing', async (file, content, message) => {
    writeFileSync(path.join(target.backupDir, file), content);
    const before = await fingerprint(target.db);
    expect(await refused(target, 'db_import_json', { table: 'tropes', jsonFile: file, onConflict: file === 'no-id.json' ? 'update' : 'error' })).toMatch(message);
    expect(await fingerprint(target.db)).toEqual(before);
  });

  it.each([
    ['quote.csv', 'trope_name\n"open', /not valid CSV/],
    ['fields.csv', 'trope_name,description\nonly-one', /row 2 has 1 fields/],
    ['column.csv', 'trope_name,"bad"" col"\nx,y', /not a plain identifier/],
    ['unknown.csv', 'trope_name,nope\nx,y', /unknown column "nope" in tropes/],
  ])('refuses the CSV file %s', async (file, content, message) => {
    writeFileSync(path.join(target.backupDir, file), content);
    expect(await refused(target, 'db_import_csv', { table: 'tropes', csvFile: file })).toMatch(message);
  });

  it('rolls back a failing import completely and audits the failure', async () => {
    writeFileSync(path.join(target.backupDir, 'half-bad.json'), JSON.stringify([{ trope_name: 'Good row' }, { trope_name: 'Bad row', series_id: 999_999 }]));
    const before = await fingerprint(target.db);
    expect(await refused(target, 'db_import_json', { table: 'tropes', jsonFile: 'half-bad.json' })).toMatch(/series_id 999999 does not exist/);
    expect(await fingerprint(target.db)).toEqual(before);
    expect((await auditRows(target.db, { table: 'tropes' })).at(-1)).toMatchObject({ operation: 'BATCH_INSERT', success: false });
  });

  it.each([
    ['db_export_json', { table: 'audit_logs' }, /db_query_audit_logs/],
    ['db_export_csv', { table: 'books', where: { nope: 1 } }, /unknown column/],
    ['db_export_json', { table: 'books', limit: 0 }, /limit/],
    ['db_import_json', { table: 'tropes', jsonFile: 'absent.json' }, /file absent.json not found/],
    ['db_import_csv', { table: 'tropes', csvFile: 'x.csv', hasHeaders: 'no' }, /hasHeaders/],
    ['db_import_json', { table: 'tropes', jsonFile: 'x.json', onConflict: 'overwrite' }, /onConflict/],
  ])('%s refuses %j', async (tool, args, message) => {
    expect(await refused(target, tool, args)).toMatch(message);
  });

  it('lists export files next to the backups', async () => {
    const res = await ok<{ other_files: { file: string }[] }>(h, 'db_list_backups');
    expect(res.other_files.some((f) => f.file.startsWith('export-characters-'))).toBe(true);
    expect(readdirSync(h.backupDir).some((f) => f.startsWith('.tmp-'))).toBe(false);
  });
});
