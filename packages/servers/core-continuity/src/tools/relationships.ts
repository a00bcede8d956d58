import { findRelationshipArc, relationshipArcId } from '@mcp-writing/domain-characters';
import { notFound, runTool, type ServerDeps } from '@mcp-writing/toolkit';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { dynamicsOfArc, type DynamicRow } from '../queries/relationships.js';

/** Dated dynamics in story order with the running tension, then the undated ones. */
function timelineOf(rows: readonly DynamicRow[]) {
  let tension = 0;
  const dated = rows
    .filter((r) => r.chapter_number !== null)
    .map((r) => {
      tension += r.tension_change ?? 0;
      return { ...r, cumulative_tension: tension };
    });
  const undated = rows.filter((r) => r.chapter_number === null);
  const net = rows.reduce((sum, r) => sum + (r.tension_change ?? 0), 0);
  return { dated, undated, net };
}

export function registerRelationshipReadTools(server: McpServer, { db, log }: ServerDeps): void {
  server.registerTool(
    'get_relationship_arc',
    {
      title: 'Get a relationship arc',
      description:
        'Gets one relationship arc: participants (with their current names) and roles, type, current dynamic, ' +
        'development factors, its plot thread, how many changes are tracked, the net tension change and the ' +
        'latest change in story order.',
      inputSchema: z.object({ arc_id: relationshipArcId }),
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    ({ arc_id }) =>
      runTool(log, 'get_relationship_arc', async () => {
        const arc = await findRelationshipArc(db, arc_id);
        if (!arc) throw notFound('relationship arc', arc_id);
        const { dated, undated, net } = timelineOf(await dynamicsOfArc(db, arc_id));
        return {
          arc: {
            ...arc,
            net_tension_change: net,
            latest_dynamic: dated.at(-1) ?? undated.at(-1) ?? null,
          },
        };
      }),
  );

  server.registerTool(
    'get_relationship_timeline',
    {
      title: "Get a relationship's timeline",
      description:
        'Lists the tracked changes of a relationship arc in story order (book number, chapter number, scene ' +
        'number), each with the running tension; changes without a chapter are listed separately under "undated".',
      inputSchema: z.object({ arc_id: relationshipArcId }),
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    ({ arc_id }) =>
      runTool(log, 'get_relationship_timeline', async () => {
        const arc = await findRelationshipArc(db, arc_id);
        if (!arc) throw notFound('relationship arc', arc_id);
        const { dated, undated, net } = timelineOf(await dynamicsOfArc(db, arc_id));
        return {
          arc: {
            id: arc.id,
            arc_name: arc.arc_name,
            relationship_type: arc.relationship_type,
            plot_thread_id: arc.plot_thread_id,
            participants: arc.participants,
          },
          timeline: dated,
          undated,
          count: dated.length + undated.length,
          net_tension_change: net,
        };
      }),
  );
}
