import { severity } from '@mcp-writing/domain-writing';
import { idField, runTool, type ServerDeps } from '@mcp-writing/toolkit';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { checkWorldConsistency, INTRODUCTION_MARKERS, USAGE_KINDS, WORLD_CHECK_TYPES } from '../analysis/world-consistency.js';
import * as q from '../queries/world.js';

const byId = <T extends { id: number }>(rows: readonly T[]) => new Map(rows.map((r) => [r.id, r]));

export function registerWorldConsistencyTools(server: McpServer, { db, log }: ServerDeps): void {
  server.registerTool(
    'check_world_consistency',
    {
      title: 'Check world consistency',
      description:
        "Finds contradictions in a series' world. locations: parent location missing, in another series, or a loop. " +
        'organizations: headquarters location missing or in another series; parent organization missing, in another series ' +
        'or a loop. world_elements: system_id naming a world system that is not defined or belongs to another series. ' +
        'element_usage: usage records of missing elements or elements of another series, chapters of another book, and ' +
        'elements used before their introduction (known when a usage record of the element has activity_type or ' +
        `importance_level ${INTRODUCTION_MARKERS.join('/')}). Read-only.`,
      inputSchema: z.object({
        series_id: idField('Id of the series to check.'),
        check_type: z
          .enum(WORLD_CHECK_TYPES)
          .default('all')
          .describe('Which checks to run: all (default), locations, organizations, world_elements or element_usage.'),
        severity_threshold: severity
          .default('info')
          .describe('Least severity to report: info (default, everything), warning or error.'),
      }),
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    ({ series_id, check_type, severity_threshold }) =>
      runTool(log, 'check_world_consistency', async () => {
        const series = await q.requireSeries(db, series_id);
        const [locations, organizations, elements, systems, usage] = await Promise.all([
          q.locationsOfSeries(db, series_id),
          q.organizationsOfSeries(db, series_id),
          q.elementsOfSeries(db, series_id),
          q.systemsOfSeries(db, series_id),
          q.usageOfSeries(db, series_id),
        ]);
        const ids = { location: new Set<number>(), organization: new Set<number>(), world_element: new Set<number>(), world_system: new Set<number>() };
        for (const l of locations) if (l.parent_location_id !== null) ids.location.add(l.parent_location_id);
        for (const o of organizations) {
          if (o.headquarters_location_id !== null) ids.location.add(o.headquarters_location_id);
          if (o.parent_organization_id !== null) ids.organization.add(o.parent_organization_id);
        }
        for (const e of elements) if (e.system_id !== null) ids.world_system.add(e.system_id);
        for (const u of usage) {
          const kind = USAGE_KINDS[u.element_type.trim().toLowerCase()];
          if (kind) ids[kind].add(u.element_id);
        }
        const [loc, org, el, sys] = await Promise.all([
          q.locationsById(db, [...ids.location]),
          q.organizationsById(db, [...ids.organization]),
          q.elementsById(db, [...ids.world_element]),
          q.systemsById(db, [...ids.world_system]),
        ]);
        return checkWorldConsistency({
          series,
          checkType: check_type,
          threshold: severity_threshold,
          locations,
          organizations,
          elements,
          systems,
          referenced: { location: byId(loc), organization: byId(org), world_element: byId(el), world_system: byId(sys) },
          usage,
        });
      }),
  );
}
