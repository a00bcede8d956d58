import type { ServerDeps } from '@mcp-writing/toolkit';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { createContext, type DatabaseAdminOptions } from './context.js';
import { SERVER_TITLE, SERVER_VERSION } from './identity.js';
import { registerAuditTools } from './tools/audit.js';
import { registerBackupTools } from './tools/backups.js';
import { registerBatchTools } from './tools/batch.js';
import { registerRecordTools } from './tools/records.js';
import { registerSchemaTools } from './tools/schema.js';
import { registerServerInfoTool } from './tools/server-info.js';
import { registerTransferTools } from './tools/transfer.js';

export { SERVER_NAME } from './identity.js';

export type { DatabaseAdminOptions } from './context.js';
export { STORY_TABLES, STORY_VIEWS, SYSTEM_TABLES } from './allow-list.js';
export { WHERE_GRAMMAR, WHERE_OPERATORS } from './where.js';

/**
 * Registers the 27 database-admin tools: the 25 of the contract, plus
 * db_list_columns and db_get_server_info, which the desktop app calls. Each
 * call gets its own schema cache and backup directory handle (options:
 * backupDir, auditReads, poolStats; see DatabaseAdminOptions for the defaults
 * from BACKUP_DIR and AUDIT_READS).
 */
export function registerDatabaseAdminTools(server: McpServer, deps: ServerDeps, options: DatabaseAdminOptions = {}): void {
  const ctx = createContext(deps, options);
  registerRecordTools(server, ctx);
  registerBatchTools(server, ctx);
  registerSchemaTools(server, ctx);
  registerAuditTools(server, ctx);
  registerBackupTools(server, ctx);
  registerTransferTools(server, ctx);
  registerServerInfoTool(server, ctx);
}

/** The `database-admin` MCP server: generic, allow-listed, audited access to the story tables, and backups (27 tools). */
export function createDatabaseAdminServer(deps: ServerDeps, options: DatabaseAdminOptions = {}): McpServer {
  const server = new McpServer({ name: SERVER_TITLE, version: SERVER_VERSION });
  registerDatabaseAdminTools(server, deps, options);
  return server;
}
