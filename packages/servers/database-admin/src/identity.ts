/** How this server names itself: the host's registry key, and the name and version MCP clients see. */
export const SERVER_NAME = 'database-admin';
export const SERVER_TITLE = 'mcp-writing-database-admin';
export const SERVER_VERSION = '0.1.0';
