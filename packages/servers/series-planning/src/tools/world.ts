import type { JsonObject, NewLocation, NewOrganization, NewWorldElement } from '@mcp-writing/db';
import {
  countLocations,
  countOrganizations,
  countWorldElements,
  findLocation,
  findOrganization,
  findWorldElement,
  insertLocation,
  insertOrganization,
  insertWorldElement,
  insertWorldSystem,
  listLocations,
  listOrganizations,
  listWorldElements,
  locationFields,
  locationIdField,
  organizationFields,
  requireInSeries,
  requireSeries,
  requireSeriesOf,
  searchTermField,
  seriesIdField,
  worldElementFields,
  worldSystemFields,
  worldSystemIdField,
  worldSystemNamed,
} from '@mcp-writing/domain-story';
import { definedOnly, intField, pageFields, runTool, textField, ToolError, type ServerDeps } from '@mcp-writing/toolkit';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { CREATES, READ_ONLY } from '../annotations.js';

const seriesFilter = seriesIdField.describe('Only rows of this series (id from list_series).');

export function registerWorldTools(server: McpServer, { db, log }: ServerDeps): void {
  server.registerTool(
    'create_location',
    {
      title: 'Create a location',
      description:
        'Creates a location of a series (a city, building, region, planet...), optionally inside a parent location of the same series.',
      inputSchema: z.object({
        series_id: seriesIdField,
        name: locationFields.name,
        location_type: locationFields.location_type,
        description: locationFields.description.optional(),
        parent_location_id: locationFields.parent_location_id.optional(),
        climate: locationFields.climate.optional(),
        terrain: locationFields.terrain.optional(),
        notable_features: locationFields.notable_features.optional(),
        atmosphere: locationFields.atmosphere.optional(),
      }),
      annotations: CREATES,
    },
    (args) =>
      runTool(log, 'create_location', async () => {
        await requireSeries(db, args.series_id);
        if (args.parent_location_id !== undefined) {
          await requireInSeries(db, 'locations', args.parent_location_id, args.series_id, 'parent_location_id');
        }
        const { id } = await insertLocation(db, definedOnly(args) as NewLocation);
        return { location: await findLocation(db, id) };
      }),
  );

  server.registerTool(
    'get_locations',
    {
      title: 'Find locations',
      description:
        'Lists locations, filtered by series, type, parent location and/or a search term (name, description, atmosphere, features), each with its parent\'s name, number of sub-locations and how often it is used in chapters.',
      inputSchema: z.object({
        series_id: seriesFilter.optional(),
        location_type: textField('Only locations of this type (case-insensitive), e.g. city.', 100).optional(),
        parent_location_id: locationIdField.describe('Only the locations directly inside this location.').optional(),
        search_term: searchTermField('Text to look for in name, description, atmosphere and notable features (case-insensitive).').optional(),
        ...pageFields(),
      }),
      annotations: READ_ONLY,
    },
    ({ limit, offset, ...filter }) =>
      runTool(log, 'get_locations', async () => {
        if (filter.series_id !== undefined) await requireSeries(db, filter.series_id);
        if (filter.parent_location_id !== undefined) await requireSeriesOf(db, 'locations', filter.parent_location_id);
        const [locations, total] = await Promise.all([
          listLocations(db, filter, { limit, offset }),
          countLocations(db, filter),
        ]);
        return { locations, count: locations.length, total_count: total, limit, offset };
      }),
  );

  server.registerTool(
    'create_organization',
    {
      title: 'Create an organization',
      description:
        'Creates an organization of a series (guild, government, cult, company...), with its influence (1-10), headquarters location and parent organization.',
      inputSchema: z.object({
        series_id: seriesIdField,
        name: organizationFields.name,
        organization_type: organizationFields.organization_type,
        description: organizationFields.description,
        influence_level: organizationFields.influence_level.optional(),
        headquarters_location_id: organizationFields.headquarters_location_id.optional(),
        parent_organization_id: organizationFields.parent_organization_id.optional(),
        member_count: organizationFields.member_count.optional(),
        status: organizationFields.status.optional(),
      }),
      annotations: CREATES,
    },
    (args) =>
      runTool(log, 'create_organization', async () => {
        await requireSeries(db, args.series_id);
        if (args.headquarters_location_id !== undefined) {
          await requireInSeries(db, 'locations', args.headquarters_location_id, args.series_id, 'headquarters_location_id');
        }
        if (args.parent_organization_id !== undefined) {
          await requireInSeries(db, 'organizations', args.parent_organization_id, args.series_id, 'parent_organization_id');
        }
        const { id } = await insertOrganization(db, definedOnly(args) as NewOrganization);
        return { organization: await findOrganization(db, id) };
      }),
  );

  server.registerTool(
    'get_organizations',
    {
      title: 'Find organizations',
      description:
        'Lists organizations, filtered by series, type, influence range, status and/or a search term (name, description), each with its headquarters and parent names and how many activities are recorded for it.',
      inputSchema: z.object({
        series_id: seriesFilter.optional(),
        organization_type: textField('Only organizations of this type (case-insensitive).', 100).optional(),
        influence_level_min: intField('Only organizations with at least this influence (1-10).', 1, 10).optional(),
        influence_level_max: intField('Only organizations with at most this influence (1-10).', 1, 10).optional(),
        status: textField('Only organizations with this status (case-insensitive), e.g. active.', 50).optional(),
        search_term: searchTermField('Text to look for in name and description (case-insensitive).').optional(),
        ...pageFields(),
      }),
      annotations: READ_ONLY,
    },
    ({ limit, offset, ...filter }) =>
      runTool(log, 'get_organizations', async () => {
        const { influence_level_min: min, influence_level_max: max } = filter;
        if (min !== undefined && max !== undefined && min > max) {
          throw new ToolError(`influence_level_min (${min}) must not be above influence_level_max (${max}).`);
        }
        if (filter.series_id !== undefined) await requireSeries(db, filter.series_id);
        const [organizations, total] = await Promise.all([
          listOrganizations(db, filter, { limit, offset }),
          countOrganizations(db, filter),
        ]);
        return { organizations, count: organizations.length, total_count: total, limit, offset };
      }),
  );

  server.registerTool(
    'create_world_element',
    {
      title: 'Create a world element',
      description:
        'Creates a world element of a series (a magic, technology, creature, artifact...) with its power source, rules, limitations and rarity, optionally as part of a world system.',
      inputSchema: z.object({
        series_id: seriesIdField,
        name: worldElementFields.name,
        element_type: worldElementFields.element_type,
        description: worldElementFields.description,
        power_source: worldElementFields.power_source.optional(),
        limitations: worldElementFields.limitations.optional(),
        rules: worldElementFields.rules.optional(),
        access_method: worldElementFields.access_method.optional(),
        rarity: worldElementFields.rarity.optional(),
        cultural_impact: worldElementFields.cultural_impact.optional(),
        system_id: worldElementFields.system_id.optional(),
      }),
      annotations: CREATES,
    },
    (args) =>
      runTool(log, 'create_world_element', async () => {
        await requireSeries(db, args.series_id);
        if (args.system_id !== undefined) await requireInSeries(db, 'world_systems', args.system_id, args.series_id, 'system_id');
        const { id } = await insertWorldElement(db, definedOnly(args) as NewWorldElement);
        return { world_element: await findWorldElement(db, id) };
      }),
  );

  server.registerTool(
    'get_world_elements',
    {
      title: 'Find world elements',
      description:
        'Lists world elements, filtered by series, type, rarity, world system and/or a search term (name, description, power source, cultural impact), each with its system\'s name and how often it is used in chapters.',
      inputSchema: z.object({
        series_id: seriesFilter.optional(),
        element_type: textField('Only elements of this type (case-insensitive), e.g. magic.', 100).optional(),
        rarity: textField('Only elements of this rarity (case-insensitive), e.g. rare.', 50).optional(),
        search_term: searchTermField(
          'Text to look for in name, description, power source and cultural impact (case-insensitive).',
        ).optional(),
        system_id: worldSystemIdField.describe('Only elements of this world system (id from define_world_system).').optional(),
        ...pageFields(),
      }),
      annotations: READ_ONLY,
    },
    ({ limit, offset, ...filter }) =>
      runTool(log, 'get_world_elements', async () => {
        if (filter.series_id !== undefined) await requireSeries(db, filter.series_id);
        if (filter.system_id !== undefined) await requireSeriesOf(db, 'world_systems', filter.system_id);
        const [world_elements, total] = await Promise.all([
          listWorldElements(db, filter, { limit, offset }),
          countWorldElements(db, filter),
        ]);
        return { world_elements, count: world_elements.length, total_count: total, limit, offset };
      }),
  );

  server.registerTool(
    'define_world_system',
    {
      title: 'Define a world system',
      description:
        'Defines a system of a series (magic, psionics, technology, divine, supernatural, mutation or alchemy): its power source, how it is accessed, its rules and limitations and how power scales. World elements join it through system_id.',
      inputSchema: z.object({
        series_id: seriesIdField,
        system_name: worldSystemFields.system_name,
        system_type: worldSystemFields.system_type,
        power_source: worldSystemFields.power_source,
        access_method: worldSystemFields.access_method,
        limitations: worldSystemFields.limitations.optional(),
        system_rules: worldSystemFields.system_rules.optional(),
        power_scaling: worldSystemFields.power_scaling.optional(),
      }),
      annotations: CREATES,
    },
    ({ power_scaling, ...fields }) =>
      runTool(log, 'define_world_system', async () => {
        await requireSeries(db, fields.series_id);
        const existing = await worldSystemNamed(db, fields.series_id, fields.system_name);
        if (existing) {
          throw new ToolError(
            `Series ${fields.series_id} already has a world system named "${existing.system_name}" (world system ${existing.id}).`,
            'duplicate',
          );
        }
        const world_system = await insertWorldSystem(db, {
          ...definedOnly(fields),
          series_id: fields.series_id,
          system_name: fields.system_name,
          power_scaling: power_scaling ? (definedOnly(power_scaling) as JsonObject) : null,
        });
        return { world_system };
      }),
  );
}
