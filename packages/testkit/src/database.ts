import { inject } from 'vitest';
import type { TestDatabaseContext } from './context.js';
import { adminQuery } from './admin.js';
import { uniqueDatabaseName, withDatabase } from './urls.js';

export interface TestDatabase {
  /** Connect here (through PgBouncer when the run uses it). */
  url: string;
  /** The same database, directly on PostgreSQL (for migrations and server-side inspection). */
  directUrl: string;
  name: string;
  drop(): Promise<void>;
}

function context(): TestDatabaseContext {
  const ctx = inject('mcpWritingTestDb');
  if (!ctx) throw new Error('testkit: the vitest globalSetup from @mcp-writing/testkit did not run');
  return ctx;
}

async function create(sqlFor: (name: string) => string): Promise<TestDatabase> {
  const { appUrl, adminUrl } = context();
  const name = uniqueDatabaseName('mcpw_test');
  for (let attempt = 1; ; attempt += 1) {
    try {
      await adminQuery(adminUrl, sqlFor(name));
      break;
    } catch (error) {
      // 55006: the template is briefly in use by a concurrent clone.
      if ((error as { code?: string }).code !== '55006' || attempt >= 20) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
    }
  }
  let dropped: Promise<void> | undefined;
  return {
    url: withDatabase(appUrl, name),
    directUrl: withDatabase(adminUrl, name),
    name,
    drop: () => (dropped ??= adminQuery(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).then(() => undefined)),
  };
}

/** A fresh database with every migration applied, cloned from the run's template. */
export function createTestDatabase(): Promise<TestDatabase> {
  const { template } = context();
  return create((name) => `CREATE DATABASE "${name}" TEMPLATE "${template}"`);
}

/** A fresh, empty database (no migrations), for migration tests. */
export function createEmptyDatabase(): Promise<TestDatabase> {
  return create((name) => `CREATE DATABASE "${name}"`);
}
