import type { ServerDeps } from '@mcp-writing/toolkit';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { registerSeriesTools } from './tools/series.js';
import { registerWorldTools } from './tools/world.js';

export const SERVER_NAME = 'series-planning';

export function registerSeriesPlanningTools(server: McpServer, deps: ServerDeps): void {
  registerSeriesTools(server, deps);
  registerWorldTools(server, deps);
}

/** The `series-planning` MCP server: series, genres, locations, organizations, world elements and systems (12 tools). */
export function createSeriesPlanningServer(deps: ServerDeps): McpServer {
  const server = new McpServer({ name: 'mcp-writing-series-planning', version: '0.1.0' });
  registerSeriesPlanningTools(server, deps);
  return server;
}
