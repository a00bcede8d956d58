import { registerCheckCharacterKnowledgeTool } from '@mcp-writing/domain-characters';
import type { ServerDeps } from '@mcp-writing/toolkit';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { registerCharacterArcTools } from './tools/character-arcs.js';
import { registerCharacterRecordTools } from './tools/characters.js';
import { registerCharacterDetailTools } from './tools/details.js';
import { registerRelationshipArcTools } from './tools/relationship-arcs.js';

export const SERVER_NAME = 'character-planning';

export function registerCharacterPlanningTools(server: McpServer, deps: ServerDeps): void {
  registerCharacterRecordTools(server, deps);
  registerCharacterDetailTools(server, deps);
  registerCheckCharacterKnowledgeTool(server, deps);
  registerCharacterArcTools(server, deps);
  registerRelationshipArcTools(server, deps);
}

/** The `character-planning` MCP server: characters, details, knowledge, arcs, relationship arcs (11 tools). */
export function createCharacterPlanningServer(deps: ServerDeps): McpServer {
  const server = new McpServer({ name: 'mcp-writing-character-planning', version: '0.1.0' });
  registerCharacterPlanningTools(server, deps);
  return server;
}
