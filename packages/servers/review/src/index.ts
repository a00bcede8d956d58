import { registerSharedWritingTools } from '@mcp-writing/domain-writing';
import type { ServerDeps } from '@mcp-writing/toolkit';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { registerExportTools } from './tools/export-manuscript.js';
import { registerProductivityTools } from './tools/productivity-analytics.js';
import { registerWorldConsistencyTools } from './tools/world-consistency.js';
import { registerWritingGoalTools } from './tools/writing-goals.js';

export const SERVER_NAME = 'review';

export function registerReviewTools(server: McpServer, deps: ServerDeps): void {
  // validate_chapter_structure, validate_beat_placement, check_structure_violations,
  // word_count_tracking, get_writing_progress: shared with the scene server.
  registerSharedWritingTools(server, deps);
  registerExportTools(server, deps);
  registerWorldConsistencyTools(server, deps);
  registerWritingGoalTools(server, deps);
  registerProductivityTools(server, deps);
}

/** The `review` MCP server: manuscript checks, export, world consistency, goals and productivity (9 tools). */
export function createReviewServer(deps: ServerDeps): McpServer {
  const server = new McpServer({ name: 'mcp-writing-review', version: '0.1.0' });
  registerReviewTools(server, deps);
  return server;
}
