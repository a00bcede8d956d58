import type { ServerDeps } from '@mcp-writing/toolkit';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { registerChapterTools } from './tools/chapters.js';
import { registerCharacterTools } from './tools/characters.js';
import { registerPlotTools } from './tools/plot.js';
import { registerTimelineTools } from './tools/timeline.js';
import { registerWorldTools } from './tools/world.js';

export const SERVER_NAME = 'chapter-planning';

export function registerChapterPlanningTools(server: McpServer, deps: ServerDeps): void {
  registerTimelineTools(server, deps);
  registerWorldTools(server, deps);
  registerChapterTools(server, deps);
  registerCharacterTools(server, deps);
  registerPlotTools(server, deps);
}

/**
 * The `chapter-planning` MCP server: chapters, event-to-chapter mappings,
 * world usage tracking and updates, character knowledge and presence per
 * chapter, information reveals and thread resolution (19 tools).
 */
export function createChapterPlanningServer(deps: ServerDeps): McpServer {
  const server = new McpServer({ name: 'mcp-writing-chapter-planning', version: '0.1.0' });
  registerChapterPlanningTools(server, deps);
  return server;
}
