import { idListField } from '@mcp-writing/domain-writing';
import { idField, intField, textField } from '@mcp-writing/toolkit';
import { z } from 'zod';

export const sceneId = idField('Id of the scene (from list_scenes or create_scene).');
export const chapterId = idField('Id of the chapter (from book_list_chapters).');
export const sceneNumber = intField('Position of the scene in its chapter (1, 2, 3...); unique within the chapter.', 1, 100_000);

/** Text columns longer than a line but not chapter-sized. */
function mediumText(description: string, max: number) {
  return z.string().max(max, `must be at most ${max} characters`).describe(description);
}

export const sceneFields = {
  scene_title: textField('Title of the scene.', 255),
  scene_purpose: textField('What the scene does, one of the scene purposes (get_available_options scene_purposes: action, dialogue, exposition...).', 100),
  scene_type: textField('Kind of scene, one of the scene types (get_available_options scene_types: dramatic, action, introspective...).', 50),
  location: textField('Where the scene takes place (ideally the name of a location of the series).', 2000),
  time_of_day: textField('Time of day in the story (morning, dusk, 03:00...).', 50),
  duration: textField('How long the scene lasts in story time (e.g. "ten minutes").', 500),
  summary: mediumText('What happens in the scene.', 50_000),
  pov_character_id: idField('Character whose point of view the scene is told from (a character of the book\'s series).'),
  scene_participants: idListField('Characters in the scene (ids of characters of the book\'s series); replaces the list.', 'Id of a character.', 500),
  writing_status: textField('Writing status, one of the writing statuses (planned, draft, revision, final, cut).', 50),
  target_word_count: intField('Words the scene should have.', 0),
  intensity_level: intField('Dramatic intensity from 1 (calm) to 10 (peak).', 1, 10),
  scene_elements: z
    .array(textField('An element (a prop, motif, beat...).', 500))
    .max(200, 'must have at most 200 items')
    .describe('Elements present in the scene; replaces the list.'),
  notes: mediumText('Author notes about the scene.', 200_000),
  scene_outline: mediumText('Outline of the scene (beats, structure).', 500_000),
  scene_content: mediumText(
    'The text of the scene (chapter-sized text is fine). Its words are counted into word_count unless word_count is given.',
    10_000_000,
  ),
  scene_revisions: z
    .array(mediumText('One revision note or earlier version.', 1_000_000))
    .max(100, 'must have at most 100 items')
    .describe('Revision history of the scene; replaces the list.'),
  word_count: intField('Words in the scene; when left out and scene_content is given, the words of scene_content are counted.', 0),
};

export const presenceType = z.enum(['present', 'mentioned', 'flashback', 'dream', 'phone_call']);
export const importanceLevel = z.enum(['major', 'minor', 'cameo', 'background']);
