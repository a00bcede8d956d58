import type { ServerDeps } from '@mcp-writing/toolkit';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { createContext, type DatabaseAdminOptions } from './context.js';
import { registerAuditTools } from './tools/audit.js';
import { registerBackupTools } from './tools/backups.js';
import { registerBatchTools } from './tools/batch.js';
import { registerRecordTools } from './tools/records.js';
import { registerSchemaTools } from './tools/schema.js';
import { registerTransferTools } from './tools/transfer.js';

export const SERVER_NAME = 'database-admin';

export type { DatabaseAdminOptions } from './context.js';
export { STORY_TABLES, STORY_VIEWS, SYSTEM_TABLES } from './allow-list.js';
export { WHERE_GRAMMAR, WHERE_OPERATORS } from './where.js';

/**
 * Registers the 25 database-admin tools. Each call gets its own schema cache
 * and backup directory handle (options: backupDir, auditReads; see
 * DatabaseAdminOptions for the defaults from BACKUP_DIR and AUDIT_READS).
 */
export function registerDatabaseAdminTools(server: McpServer, deps: ServerDeps, options: DatabaseAdminOptions = {}): void {
  const ctx = createContext(deps, options);
  registerRecordTools(server, ctx);
  registerBatchTools(server, ctx);
  registerSchemaTools(server, ctx);
  registerAuditTools(server, ctx);
  registerBackupTools(server, ctx);
  registerTransferTools(server, ctx);
}

/** The `database-admin` MCP server: generic, allow-listed, audited access to the story tables, and backups (25 tools). */
export function createDatabaseAdminServer(deps: ServerDeps, options: DatabaseAdminOptions = {}): McpServer {
  const server = new McpServer({ name: 'mcp-writing-database-admin', version: '0.1.0' });
  registerDatabaseAdminTools(server, deps, options);
  return server;
}
