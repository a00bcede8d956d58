import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { migrateToLatest, startEmbeddedPostgres, type EmbeddedPostgres } from '@mcp-writing/db';
import type { TestProject } from 'vitest/node';
import { adminQuery } from './admin.js';
import type { TestDatabaseContext } from './context.js';
import { uniqueDatabaseName, withDatabase } from './urls.js';

/**
 * vitest globalSetup of every package: one PostgreSQL for the run (the
 * DATABASE_URL given, or an embedded one), migrated once into a template
 * database that each test file clones (see createTestDatabase).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const given = process.env.DATABASE_URL?.trim();
  let embedded: EmbeddedPostgres | undefined;
  let dataRoot: string | undefined;
  let appUrl: string;
  let adminUrl: string;
  if (given) {
    appUrl = given;
    adminUrl = process.env.MIGRATION_DATABASE_URL?.trim() || given;
  } else {
    dataRoot = mkdtempSync(path.join(tmpdir(), 'mcp-writing-test-'));
    chmodSync(dataRoot, 0o755); // as root, PostgreSQL runs as the postgres user and must enter it
    embedded = await startEmbeddedPostgres({ dataDir: path.join(dataRoot, 'pg'), persistent: false, log: () => undefined });
    appUrl = embedded.url;
    adminUrl = embedded.url;
  }
  const template = uniqueDatabaseName('mcpw_tpl');
  await adminQuery(adminUrl, `CREATE DATABASE "${template}"`);
  await migrateToLatest(withDatabase(adminUrl, template));
  const context: TestDatabaseContext = { appUrl, adminUrl, template };
  project.provide('mcpWritingTestDb', context);
  return async () => {
    await adminQuery(adminUrl, `DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`).catch(() => undefined);
    await embedded?.stop();
    if (dataRoot) rmSync(dataRoot, { recursive: true, force: true });
  };
}
