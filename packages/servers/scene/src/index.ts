import { registerSharedWritingTools } from '@mcp-writing/domain-writing';
import type { ServerDeps } from '@mcp-writing/toolkit';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { registerChapterCharacterTools } from './tools/chapter-characters.js';
import { registerSceneRecordTools } from './tools/scenes.js';
import { registerWritingSessionTools } from './tools/writing-sessions.js';

export const SERVER_NAME = 'scene';

export function registerSceneTools(server: McpServer, deps: ServerDeps): void {
  registerSceneRecordTools(server, deps);
  registerChapterCharacterTools(server, deps);
  registerWritingSessionTools(server, deps);
  // validate_chapter_structure, validate_beat_placement, check_structure_violations,
  // word_count_tracking, get_writing_progress: shared with the review server.
  registerSharedWritingTools(server, deps);
}

/** The `scene` MCP server: scenes, characters per chapter, writing sessions, and the manuscript checks (11 tools). */
export function createSceneServer(deps: ServerDeps): McpServer {
  const server = new McpServer({ name: 'mcp-writing-scene', version: '0.1.0' });
  registerSceneTools(server, deps);
  return server;
}
