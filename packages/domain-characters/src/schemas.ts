import { idField, textField } from '@mcp-writing/toolkit';
import { z } from 'zod';

export const CHARACTER_TYPES = ['main', 'supporting', 'minor', 'antagonist'] as const;
export const CHARACTER_STATUSES = ['alive', 'dead', 'missing', 'unknown'] as const;
export const KNOWLEDGE_LEVELS = ['knows', 'suspects', 'unaware', 'forgot'] as const;
/** Kinds of relationship arcs (not the plot-thread relationship_types lookup). */
export const RELATIONSHIP_ARC_TYPES = [
  'romantic',
  'family',
  'friendship',
  'professional',
  'antagonistic',
  'mentor',
  'alliance',
] as const;

export type CharacterType = (typeof CHARACTER_TYPES)[number];
export type CharacterStatus = (typeof CHARACTER_STATUSES)[number];
export type KnowledgeLevel = (typeof KNOWLEDGE_LEVELS)[number];
export type RelationshipArcType = (typeof RELATIONSHIP_ARC_TYPES)[number];

export const characterId = idField('Id of the character (from list_characters or create_character).');
export const chapterId = idField('Id of a chapter (from book_list_chapters or book_create_chapter).');
export const relationshipArcId = idField(
  'Id of the relationship arc (from list_relationship_arcs or create_relationship_arc).',
);

export const characterType = z
  .enum(CHARACTER_TYPES)
  .describe('Role of the character in the series: main, supporting, minor or antagonist.');
export const characterStatus = z
  .enum(CHARACTER_STATUSES)
  .describe('Whether the character is alive, dead, missing or of unknown fate (at the latest point of the story).');
export const relationshipArcType = z
  .enum(RELATIONSHIP_ARC_TYPES)
  .describe('Kind of relationship: romantic, family, friendship, professional, antagonistic, mentor or alliance.');

export const participantSchema = z
  .object({
    character_id: idField("Id of a character of the plot thread's series."),
    role_in_relationship: textField(
      'What this character is in the relationship, e.g. "mentor", "rival", "older sister".',
      255,
    ),
    character_name: z
      .string()
      .max(255, 'must be at most 255 characters')
      .optional()
      .describe('Name of the character, for readability only: the stored name is taken from the character record.'),
  })
  .describe('One character taking part in the relationship.');

export type Participant = z.infer<typeof participantSchema>;

/** Two or more distinct characters; each must belong to the series of the arc's plot thread. */
export const participantsField = z
  .array(participantSchema)
  .min(2, 'must list at least two characters')
  .max(50, 'must list at most 50 characters')
  .refine((list) => new Set(list.map((p) => p.character_id)).size === list.length, {
    message: 'must not list the same character twice',
  })
  .describe(
    "The characters in the relationship (two or more, each once), with their role; all must be characters of the plot thread's series.",
  );

export const knowledgeItemFilter = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(255, 'must be at most 255 characters')
  .describe(
    'Only knowledge whose item contains this text (case-insensitive), e.g. "poison" finds "the wine was poisoned".',
  );
export const knowledgeCategoryFilter = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(100, 'must be at most 100 characters')
  .describe('Only knowledge of this category (case-insensitive exact match), e.g. "secrets".');
