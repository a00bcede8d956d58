import type { ServerDeps } from '@mcp-writing/toolkit';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { registerAuthorRecordTools } from './tools/authors.js';

export const SERVER_NAME = 'author';

export function registerAuthorTools(server: McpServer, deps: ServerDeps): void {
  registerAuthorRecordTools(server, deps);
}

/** The `author` MCP server: author records (4 tools). */
export function createAuthorServer(deps: ServerDeps): McpServer {
  const server = new McpServer({ name: 'mcp-writing-author', version: '0.1.0' });
  registerAuthorTools(server, deps);
  return server;
}
