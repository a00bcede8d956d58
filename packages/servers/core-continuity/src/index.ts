import type { ServerDeps } from '@mcp-writing/toolkit';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { registerCharacterReadTools } from './tools/characters.js';
import { registerContinuityTools } from './tools/continuity.js';
import { registerEventReadTools } from './tools/events.js';
import { registerOptionTools } from './tools/options.js';
import { registerPlotThreadReadTools } from './tools/plot-threads.js';
import { registerRelationshipReadTools } from './tools/relationships.js';

export const SERVER_NAME = 'core-continuity';

export function registerCoreContinuityTools(server: McpServer, deps: ServerDeps): void {
  registerCharacterReadTools(server, deps);
  registerContinuityTools(server, deps);
  registerPlotThreadReadTools(server, deps);
  registerRelationshipReadTools(server, deps);
  registerEventReadTools(server, deps);
  registerOptionTools(server, deps);
}

/** The `core-continuity` MCP server: character reads, knowledge, continuity, plot threads, relationships, events, lookups (9 tools). */
export function createCoreContinuityServer(deps: ServerDeps): McpServer {
  const server = new McpServer({ name: 'mcp-writing-core-continuity', version: '0.1.0' });
  registerCoreContinuityTools(server, deps);
  return server;
}
