import type { ServerDeps } from '@mcp-writing/toolkit';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { registerReportTool } from './tools/report.js';

export const SERVER_NAME = 'reporting';

export { SECTIONS } from './report.js';
export type { Report, SectionName } from './report.js';

export function registerReportingTools(server: McpServer, deps: ServerDeps): void {
  registerReportTool(server, deps);
}

/** The `reporting` MCP server: series and book reports as JSON and Markdown (1 tool). */
export function createReportingServer(deps: ServerDeps): McpServer {
  const server = new McpServer({ name: 'mcp-writing-reporting', version: '0.1.0' });
  registerReportingTools(server, deps);
  return server;
}
