import { idField, intField, PG_INT_MAX, textField } from '@mcp-writing/toolkit';
import { z } from 'zod';
import { optionalText, textList } from '../fields.js';

/** The fields of a location (create_location, update_location). */
export const locationFields = {
  name: textField('Name of the location.', 255),
  location_type: textField('Kind of place (e.g. city, region, building, planet, tavern).', 100),
  description: optionalText('What the place is like. An empty string clears it.'),
  parent_location_id: idField('Id of the location this one lies within (a location of the same series), e.g. the city of a tavern.'),
  climate: optionalText('Climate of the place. An empty string clears it.', 100),
  terrain: optionalText('Terrain of the place. An empty string clears it.', 100),
  notable_features: textList('Notable features of the place, one per entry. On update, replaces the list.'),
  atmosphere: optionalText('Mood and atmosphere of the place. An empty string clears it.'),
};

/** The fields of an organization (create_organization, update_organization). */
export const organizationFields = {
  name: textField('Name of the organization.', 255),
  organization_type: textField('Kind of organization (e.g. guild, government, cult, company, family).', 100),
  description: textField('What the organization is, wants and does.', 50_000),
  influence_level: intField('Influence of the organization, 1 (negligible) to 10 (dominant).', 1, 10),
  headquarters_location_id: idField('Id of the location of its headquarters (a location of the same series).'),
  parent_organization_id: idField('Id of the organization this one belongs to (same series).'),
  member_count: intField('Number of members.', 0, PG_INT_MAX),
  status: textField('State of the organization (e.g. active, disbanded, underground, destroyed). Default active.', 50),
};

/** The fields of a world element (create_world_element, update_world_element). */
export const worldElementFields = {
  name: textField('Name of the element.', 255),
  element_type: textField('Kind of element (e.g. magic, technology, creature, artifact, custom, law).', 100),
  description: textField('What the element is and how it shows up in the story.', 50_000),
  power_source: optionalText('Where its power comes from. An empty string clears it.'),
  limitations: textList('Its limitations and costs, one per entry. On update, replaces the list.'),
  rules: textList('The rules it follows, one per entry. On update, replaces the list.'),
  access_method: optionalText('How characters gain access to it. An empty string clears it.'),
  rarity: textField('How rare it is (e.g. common, uncommon, rare, legendary, unique). Default common.', 50),
  cultural_impact: optionalText('How it shapes societies and cultures. An empty string clears it.'),
  system_id: idField('Id of the world system it belongs to (a system of the same series, from define_world_system).'),
};

export const WORLD_SYSTEM_TYPES = ['magic', 'psionics', 'technology', 'divine', 'supernatural', 'mutation', 'alchemy'] as const;

/** The fields of a world system (define_world_system). */
export const worldSystemFields = {
  system_name: textField('Name of the system (unique within the series).', 255),
  system_type: z
    .enum(WORLD_SYSTEM_TYPES)
    .describe('Kind of system: magic, psionics, technology, divine, supernatural, mutation or alchemy.'),
  power_source: textField('Where the system\'s power comes from.', 50_000),
  access_method: textField('How someone gains access to the system (birth, training, pact, implant...).', 50_000),
  limitations: textList('Limitations and costs of the system, one per entry.'),
  system_rules: textList('Rules the system follows, one per entry.'),
  power_scaling: z
    .object({
      lowest_level: z.string().trim().max(1_000, 'must be at most 1000 characters').optional().describe('What the weakest users can do.'),
      highest_level: z.string().trim().max(1_000, 'must be at most 1000 characters').optional().describe('What the strongest users can do.'),
      progression_method: z
        .string()
        .trim()
        .max(1_000, 'must be at most 1000 characters')
        .optional()
        .describe('How users grow in power.'),
    })
    .strict()
    .describe('How power scales in the system, from the lowest to the highest level.'),
};

/** Power level of an element's use in a chapter. */
export const usagePowerLevel = intField('How strongly the element is used there, 1 (faint) to 10 (full power).', 1, 10);
