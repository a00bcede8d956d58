/** What the global setup hands every test file (through vitest's provide/inject). */
export interface TestDatabaseContext {
  /** URL tests connect through (PostgreSQL or PgBouncer); its database part is replaced per file. */
  appUrl: string;
  /** Direct PostgreSQL URL for CREATE/DROP DATABASE and migrations. */
  adminUrl: string;
  /** Migrated database every test database is cloned from. */
  template: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    mcpWritingTestDb: TestDatabaseContext;
  }
}
