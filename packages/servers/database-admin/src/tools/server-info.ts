import { runTool } from '@mcp-writing/toolkit';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { STORY_TABLES, STORY_VIEWS } from '../allow-list.js';
import type { AdminContext } from '../context.js';
import { SERVER_NAME, SERVER_TITLE, SERVER_VERSION } from '../identity.js';
import { databaseFacts } from '../queries/server-info.js';

/** db_get_server_info: what the desktop app's Database tab shows about the server it talks to. */
export function registerServerInfoTool(server: McpServer, ctx: AdminContext): void {
  server.registerTool(
    'db_get_server_info',
    {
      title: 'Server information',
      description:
        'This server and its database: server name and version, PostgreSQL version, database name, max_connections and the connections PostgreSQL counts on this database, how many story tables and views the db_* tools accept, whether reads are audited, and the connection pool of this process when the host provides it (otherwise null). One cheap query; changes nothing.',
      inputSchema: z.object({}),
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    () =>
      runTool(ctx.log, 'db_get_server_info', async () => {
        const facts = await databaseFacts(ctx.db);
        return {
          server: { name: SERVER_NAME, title: SERVER_TITLE, version: SERVER_VERSION },
          database: {
            name: facts.database,
            postgres_version: facts.postgres_version,
            postgres_version_num: facts.postgres_version_num,
            max_connections: facts.max_connections,
            connections: facts.connections,
          },
          allow_list: { tables: STORY_TABLES.length, views: STORY_VIEWS.length },
          audit_reads: ctx.auditReads,
          pool: ctx.poolStats?.() ?? null,
        };
      }),
  );
}
