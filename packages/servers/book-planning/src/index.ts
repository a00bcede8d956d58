import type { ServerDeps } from '@mcp-writing/toolkit';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { registerBookTools } from './tools/books.js';
import { registerPlotThreadTools } from './tools/plot-threads.js';
import { registerTimelineTools } from './tools/timeline.js';

export const SERVER_NAME = 'book-planning';

export function registerBookPlanningTools(server: McpServer, deps: ServerDeps): void {
  registerBookTools(server, deps);
  registerPlotThreadTools(server, deps);
  registerTimelineTools(server, deps);
}

/** The `book-planning` MCP server: books and their genres, plot threads, timeline events (8 tools). */
export function createBookPlanningServer(deps: ServerDeps): McpServer {
  const server = new McpServer({ name: 'mcp-writing-book-planning', version: '0.1.0' });
  registerBookPlanningTools(server, deps);
  return server;
}
