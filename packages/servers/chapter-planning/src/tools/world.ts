import type { LocationUpdate, OrganizationUpdate, WorldElementUpdate } from '@mcp-writing/db';
import {
  bookIdField,
  chapterIdField,
  clearableId,
  findLocation,
  findOrganization,
  findWorldElement,
  idList,
  insertUsage,
  locationFields,
  locationIdField,
  locationRow,
  optionalText,
  optionalShape,
  organizationFields,
  organizationIdField,
  organizationRow,
  parentWouldLoop,
  requireBook,
  requireChapterOfBook,
  requireInSeries,
  uniqueIds,
  updateLocation,
  updateOrganization,
  updateWorldElement,
  usagePowerLevel,
  worldElementFields,
  worldElementIdField,
  worldElementRow,
} from '@mcp-writing/domain-story';
import { definedOnly, notFound, runTool, textField, ToolError, type ServerDeps } from '@mcp-writing/toolkit';
import type { Db } from '@mcp-writing/db';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { CREATES, UPDATES } from '../annotations.js';

const usageNotes = optionalText('How it appears or is used there.');
const usageChapter = chapterIdField.describe('Id of the chapter of that book where it appears (optional).');

/** The book (and chapter) a usage is recorded in, checked against the row's series. */
async function requireUsagePlace(
  db: Db,
  entity: string,
  entityId: number,
  seriesId: number,
  bookId: number,
  chapterId: number | undefined,
): Promise<void> {
  const book = await requireBook(db, bookId);
  if (book.series_id !== seriesId) {
    throw new ToolError(
      `book_id: book ${bookId} belongs to series ${book.series_id}, but ${entity} ${entityId} belongs to series ${seriesId}.`,
      'conflict',
    );
  }
  if (chapterId !== undefined) await requireChapterOfBook(db, chapterId, bookId, 'chapter_id');
}

function nothingToUpdate(fields: string[]): ToolError {
  return new ToolError(`Nothing to update: give at least one of ${fields.join(', ')}.`);
}

export function registerWorldTools(server: McpServer, { db, log }: ServerDeps): void {
  server.registerTool(
    'world_track_location_usage',
    {
      title: 'Record where a location appears',
      description: 'Records that a location appears in a book (and chapter) of its series, and how.',
      inputSchema: z.object({
        location_id: locationIdField,
        book_id: bookIdField,
        chapter_id: usageChapter.optional(),
        usage_notes: usageNotes.optional(),
      }),
      annotations: CREATES,
    },
    ({ location_id, ...usage }) =>
      runTool(log, 'world_track_location_usage', async () => {
        const location = await locationRow(db, location_id);
        if (!location) throw notFound('location', location_id);
        await requireUsagePlace(db, 'location', location_id, location.series_id, usage.book_id, usage.chapter_id);
        const row = await insertUsage(db, { ...usage, element_type: 'location', element_id: location_id });
        return { usage: { ...row, location_name: location.name } };
      }),
  );

  server.registerTool(
    'world_track_element_usage',
    {
      title: 'Record where a world element is used',
      description:
        'Records that a world element (magic, technology, artifact...) is used in a book (and chapter) of its series, how, and at what power level (1-10).',
      inputSchema: z.object({
        element_id: worldElementIdField,
        book_id: bookIdField,
        chapter_id: usageChapter.optional(),
        usage_notes: usageNotes.optional(),
        power_level: usagePowerLevel.optional(),
      }),
      annotations: CREATES,
    },
    ({ element_id, ...usage }) =>
      runTool(log, 'world_track_element_usage', async () => {
        const element = await worldElementRow(db, element_id);
        if (!element) throw notFound('world element', element_id);
        await requireUsagePlace(db, 'world element', element_id, element.series_id, usage.book_id, usage.chapter_id);
        const row = await insertUsage(db, { ...usage, element_type: 'world_element', element_id });
        return { usage: { ...row, element_name: element.name } };
      }),
  );

  server.registerTool(
    'track_organization_activity',
    {
      title: 'Record an organization\'s activity',
      description:
        'Records what an organization does in a book (and chapter) of its series: the kind of activity, notes and the characters involved.',
      inputSchema: z.object({
        organization_id: organizationIdField,
        book_id: bookIdField,
        chapter_id: usageChapter.optional(),
        activity_type: textField('Kind of activity (e.g. recruitment, attack, negotiation, ritual).', 100),
        activity_notes: optionalText('What the organization does.').optional(),
        involved_characters: idList('Ids of the characters involved (same series).', 'Id of a character.').optional(),
      }),
      annotations: CREATES,
    },
    ({ organization_id, activity_notes, involved_characters, ...usage }) =>
      runTool(log, 'track_organization_activity', async () => {
        const organization = await organizationRow(db, organization_id);
        if (!organization) throw notFound('organization', organization_id);
        await requireUsagePlace(db, 'organization', organization_id, organization.series_id, usage.book_id, usage.chapter_id);
        const characters = involved_characters === undefined ? undefined : uniqueIds(involved_characters);
        if (characters) await requireInSeries(db, 'characters', characters, organization.series_id, 'involved_characters');
        const row = await insertUsage(db, {
          ...usage,
          element_type: 'organization',
          element_id: organization_id,
          usage_notes: activity_notes,
          involved_characters: characters,
        });
        return { activity: { ...row, activity_notes: row.usage_notes, organization_name: organization.name } };
      }),
  );

  server.registerTool(
    'update_location',
    {
      title: 'Update a location',
      description:
        'Changes a location\'s fields; fields left out keep their value. parent_location_id null makes it a top-level location; a parent must be of the same series and must not lie within this location.',
      inputSchema: z.object({
        location_id: locationIdField,
        ...optionalShape(locationFields),
        parent_location_id: clearableId('Id of the location this one lies within (same series), or null for none.').optional(),
      }),
      annotations: UPDATES,
    },
    ({ location_id, ...fields }) =>
      runTool(log, 'update_location', async () => {
        const changes = definedOnly(fields);
        if (Object.keys(changes).length === 0) throw nothingToUpdate(Object.keys(locationFields));
        const location = await locationRow(db, location_id);
        if (!location) throw notFound('location', location_id);
        const parent = changes.parent_location_id;
        if (parent != null) {
          await requireInSeries(db, 'locations', parent, location.series_id, 'parent_location_id');
          if (await parentWouldLoop(db, 'locations', location_id, parent)) {
            throw new ToolError(
              `parent_location_id: location ${parent} is location ${location_id} itself or lies within it, which would make a loop.`,
              'conflict',
            );
          }
        }
        await updateLocation(db, location_id, changes as LocationUpdate);
        return { location: await findLocation(db, location_id) };
      }),
  );

  server.registerTool(
    'update_world_element',
    {
      title: 'Update a world element',
      description:
        'Changes a world element\'s fields; fields left out keep their value. system_id null takes it out of its world system.',
      inputSchema: z.object({
        element_id: worldElementIdField,
        ...optionalShape(worldElementFields),
        system_id: clearableId('Id of the world system it belongs to (same series), or null for none.').optional(),
      }),
      annotations: UPDATES,
    },
    ({ element_id, ...fields }) =>
      runTool(log, 'update_world_element', async () => {
        const changes = definedOnly(fields);
        if (Object.keys(changes).length === 0) throw nothingToUpdate(Object.keys(worldElementFields));
        const element = await worldElementRow(db, element_id);
        if (!element) throw notFound('world element', element_id);
        if (changes.system_id != null) {
          await requireInSeries(db, 'world_systems', changes.system_id, element.series_id, 'system_id');
        }
        await updateWorldElement(db, element_id, changes as WorldElementUpdate);
        return { world_element: await findWorldElement(db, element_id) };
      }),
  );

  server.registerTool(
    'update_organization',
    {
      title: 'Update an organization',
      description:
        'Changes an organization\'s fields; fields left out keep their value. headquarters_location_id or parent_organization_id null removes that link; both must be of the same series, and a parent must not belong to this organization.',
      inputSchema: z.object({
        organization_id: organizationIdField,
        ...optionalShape(organizationFields),
        headquarters_location_id: clearableId('Id of the headquarters location (same series), or null for none.').optional(),
        parent_organization_id: clearableId('Id of the parent organization (same series), or null for none.').optional(),
      }),
      annotations: UPDATES,
    },
    ({ organization_id, ...fields }) =>
      runTool(log, 'update_organization', async () => {
        const changes = definedOnly(fields);
        if (Object.keys(changes).length === 0) throw nothingToUpdate(Object.keys(organizationFields));
        const organization = await organizationRow(db, organization_id);
        if (!organization) throw notFound('organization', organization_id);
        if (changes.headquarters_location_id != null) {
          await requireInSeries(db, 'locations', changes.headquarters_location_id, organization.series_id, 'headquarters_location_id');
        }
        const parent = changes.parent_organization_id;
        if (parent != null) {
          await requireInSeries(db, 'organizations', parent, organization.series_id, 'parent_organization_id');
          if (await parentWouldLoop(db, 'organizations', organization_id, parent)) {
            throw new ToolError(
              `parent_organization_id: organization ${parent} is organization ${organization_id} itself or belongs to it, which would make a loop.`,
              'conflict',
            );
          }
        }
        await updateOrganization(db, organization_id, changes as OrganizationUpdate);
        return { organization: await findOrganization(db, organization_id) };
      }),
  );
}
