import { createAuthorServer, registerAuthorTools } from '@mcp-writing/server-author';
import { createBookPlanningServer, registerBookPlanningTools } from '@mcp-writing/server-book-planning';
import { createChapterPlanningServer, registerChapterPlanningTools } from '@mcp-writing/server-chapter-planning';
import { createCharacterPlanningServer, registerCharacterPlanningTools } from '@mcp-writing/server-character-planning';
import { createCoreContinuityServer, registerCoreContinuityTools } from '@mcp-writing/server-core-continuity';
import { createDatabaseAdminServer, registerDatabaseAdminTools } from '@mcp-writing/server-database-admin';
import { createReportingServer, registerReportingTools } from '@mcp-writing/server-reporting';
import { createReviewServer, registerReviewTools } from '@mcp-writing/server-review';
import { createSceneServer, registerSceneTools } from '@mcp-writing/server-scene';
import { createSeriesPlanningServer, registerSeriesPlanningTools } from '@mcp-writing/server-series-planning';
import type { DbHandle, PoolStats } from '@mcp-writing/db';
import type { Logger, ServerDeps } from '@mcp-writing/toolkit';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';

import { SERVER_NAMES, type ServerName } from './server-names.js';

export { SERVER_NAMES, type ServerName };

/** What the host gives a server: its capped Kysely and logger, and the pool's figures. */
export interface HostServerDeps extends ServerDeps {
  poolStats: () => PoolStats;
}

/** The one place a server's deps are made from the shared handle. */
export function depsFor(name: ServerName, handle: DbHandle, log: Logger): HostServerDeps {
  return { db: handle.forServer(name), log: log.child({ server: name }), poolStats: () => handle.stats() };
}

export interface ServerEntry {
  /** Builds the server with its tools (one McpServer, long-lived). */
  create(deps: HostServerDeps): McpServer;
  /** Adds the server's tools to another McpServer (stdio with several servers). */
  register(server: McpServer, deps: HostServerDeps): void;
}

/** Every server of this build; a name absent here is not built yet. */
export const REGISTRY: Partial<Record<ServerName, ServerEntry>> = {
  'book-planning': { create: createBookPlanningServer, register: registerBookPlanningTools },
  'series-planning': { create: createSeriesPlanningServer, register: registerSeriesPlanningTools },
  'chapter-planning': { create: createChapterPlanningServer, register: registerChapterPlanningTools },
  'character-planning': { create: createCharacterPlanningServer, register: registerCharacterPlanningTools },
  scene: { create: createSceneServer, register: registerSceneTools },
  'core-continuity': { create: createCoreContinuityServer, register: registerCoreContinuityTools },
  review: { create: createReviewServer, register: registerReviewTools },
  reporting: { create: createReportingServer, register: registerReportingTools },
  author: { create: createAuthorServer, register: registerAuthorTools },
  'database-admin': {
    create: (deps) => createDatabaseAdminServer(deps, { poolStats: deps.poolStats }),
    register: (server, deps) => registerDatabaseAdminTools(server, deps, { poolStats: deps.poolStats }),
  },
};

export function registeredServers(): ServerName[] {
  return SERVER_NAMES.filter((name) => REGISTRY[name] !== undefined);
}

export function entryFor(name: ServerName): ServerEntry {
  const entry = REGISTRY[name];
  if (!entry) throw new Error(`server ${name} is not part of this build`);
  return entry;
}
