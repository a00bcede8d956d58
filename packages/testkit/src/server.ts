import { createDb, loadDbConfig, type Db, type DbHandle } from '@mcp-writing/db';
import { silentLogger, type ServerDeps } from '@mcp-writing/toolkit';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { createTestDatabase, type TestDatabase } from './database.js';
import { connectClient } from './mcp.js';

export interface ServerHarness {
  /** A real MCP client connected to the server under test. */
  client: Client;
  /** Kysely on the same database, for arranging rows and asserting on them. */
  db: Db;
  handle: DbHandle;
  database: TestDatabase;
  /** Calls a tool (the result is returned as is, errors included). */
  call(name: string, args?: Record<string, unknown>): Promise<CallToolResult>;
  close(): Promise<void>;
}

/**
 * A fresh migrated database, one pool over it, the server built by `factory`
 * exactly as the host builds it, and a real client linked to it.
 */
export async function startServer(
  name: string,
  factory: (deps: ServerDeps) => McpServer,
  env: Record<string, string> = {},
): Promise<ServerHarness> {
  const database = await createTestDatabase();
  const handle = createDb(loadDbConfig({ DATABASE_URL: database.url, ...env }));
  const server = factory({ db: handle.forServer(name), log: silentLogger() });
  const linked = await connectClient(server);
  return {
    client: linked.client,
    db: handle.db,
    handle,
    database,
    call: (tool, args = {}) => linked.client.callTool({ name: tool, arguments: args }) as Promise<CallToolResult>,
    close: async () => {
      await linked.close();
      await handle.close();
      await database.drop();
    },
  };
}
