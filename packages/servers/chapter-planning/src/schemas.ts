import { optionalText, textList, idList } from '@mcp-writing/domain-story';
import { idField, intField, textField } from '@mcp-writing/toolkit';
import { z } from 'zod';

export const mappingIdField = idField('Id of the event-to-chapter mapping (from timeline_map_event_to_chapter).');
export const sceneNumberField = intField('Number of the scene within the chapter.', 1, 100_000);

export const PRESENTATION_TYPES = ['direct_scene', 'flashback', 'memory', 'reference', 'foreshadowing', 'dream', 'retelling'] as const;
export const COMPLETENESS = ['full', 'partial', 'glimpse'] as const;

/** Fields of an event-to-chapter mapping. */
export const mappingFields = {
  scene_number: sceneNumberField.describe('Number of the scene within the chapter where the event is shown.'),
  presentation_type: z
    .enum(PRESENTATION_TYPES)
    .describe('How the narrative presents the event: direct_scene, flashback, memory, reference, foreshadowing, dream or retelling.'),
  pov_character_id: idField('Id of the character through whose eyes the event is shown (same series).'),
  event_aspect: optionalText('Which part or side of the event the chapter shows. An empty string clears it.', 255),
  completeness: z.enum(COMPLETENESS).describe('How much of the event is shown: full, partial or glimpse.'),
  narrative_function: optionalText('What showing the event does for the story here. An empty string clears it.'),
};

export const KNOWLEDGE_LEVELS = ['knows', 'suspects', 'unaware', 'forgot'] as const;

export const knowledgeFields = {
  knowledge_category: textField('Kind of knowledge (e.g. secret, identity, location, event, skill).', 100),
  knowledge_item: textField('What is known, as a short phrase (e.g. "Tobin lit the lamp").', 255),
  knowledge_level: z.enum(KNOWLEDGE_LEVELS).describe('How the character holds it: knows, suspects, unaware or forgot.'),
  learned_scene: sceneNumberField.describe('Number of the scene in that chapter where it was learned.'),
  learned_context: optionalText('How the character learned it.'),
};

export const PRESENCE_TYPES = ['present', 'mentioned', 'flashback', 'dream', 'phone_call'] as const;
export const PRESENCE_IMPORTANCE = ['major', 'minor', 'cameo', 'background'] as const;

export const presenceFields = {
  scene_id: idField('Id of the scene of this chapter where the character mainly appears (from list_scenes).'),
  presence_type: z
    .enum(PRESENCE_TYPES)
    .describe('How the character is in the chapter: present, mentioned, flashback, dream or phone_call.'),
  importance_level: z.enum(PRESENCE_IMPORTANCE).describe('Weight of the character in the chapter: major, minor, cameo or background.'),
  physical_state: optionalText('Physical condition in the chapter (injuries, fatigue, clothing...).'),
  emotional_state: optionalText('Emotional state in the chapter.'),
  enters_at_scene: sceneNumberField.describe('Scene number where the character enters.'),
  exits_at_scene: sceneNumberField.describe('Scene number where the character leaves; not before enters_at_scene.'),
  learns_this_chapter: textList('What the character learns in this chapter, one item per entry.'),
  reveals_this_chapter: textList('What the character reveals in this chapter, one item per entry.'),
  character_growth: optionalText('How the character changes in this chapter.'),
};

export const REVEAL_TYPES = ['evidence', 'secret', 'backstory', 'world_rule', 'relationship', 'skill'] as const;
export const REVEAL_SIGNIFICANCE = ['minor', 'major', 'climactic', 'world_changing'] as const;

export const revealFields = {
  reveal_type: z.enum(REVEAL_TYPES).describe('Kind of information: evidence, secret, backstory, world_rule, relationship or skill.'),
  information_content: textField('What is revealed.', 50_000),
  reveal_method: textField('How it is revealed (confession, discovered letter, overheard...).', 255),
  significance_level: z.enum(REVEAL_SIGNIFICANCE).describe('How much it matters: minor, major, climactic or world_changing.'),
  affects_characters: idList('Ids of the characters the reveal affects (same series).', 'Id of a character.'),
  revealed_in_chapter: idField('Id of the chapter (not its number) where the reveal happens; a chapter of the thread\'s series.'),
  consequences: optionalText('What follows from the reveal.'),
  foreshadowing_chapters: idList(
    'Ids of the chapters (not their numbers) that foreshadow the reveal; chapters of the thread\'s series.',
    'Id of a chapter.',
  ),
};

export const revealIdField = idField('Id of the information reveal (from plot_create_information_reveal).');

export const EVIDENCE_TYPES = ['physical', 'witness', 'circumstantial', 'digital', 'forensic'] as const;
export const EVIDENCE_SIGNIFICANCE = ['critical', 'important', 'supporting', 'red_herring'] as const;

export const evidenceFields = {
  evidence_type: z.enum(EVIDENCE_TYPES).describe('Kind of clue: physical, witness, circumstantial, digital or forensic.'),
  evidence_description: textField('What the clue is.', 50_000),
  discovered_by: idField('Id of the character who finds the clue (same series).'),
  discovery_chapter: idField('Id of the chapter (not its number) where the clue is found; a chapter of the same series.'),
  significance: z.enum(EVIDENCE_SIGNIFICANCE).describe('Weight of the clue: critical, important, supporting or red_herring.'),
};
