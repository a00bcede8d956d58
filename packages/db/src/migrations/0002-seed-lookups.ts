/**
 * 0002: the lookup rows every database starts with (spec/lookups.md), in the
 * listed order so that a new database gets the original's ids (plot_threads'
 * current_status_id defaults to 1, which is 'active').
 *
 * Each name is inserted only if missing (ON CONFLICT on the name column's
 * unique constraint DO NOTHING): an author's existing database keeps its rows,
 * ids and descriptions, and gains only the names it lacks. The descriptions
 * are ours. Frozen once landed.
 */
import type { Kysely } from 'kysely';

interface Lookup {
  table: string;
  nameColumn: string;
  descriptionColumn: string;
  rows: [name: string, description: string][];
}

export const lookups: readonly Lookup[] = [
  {
    table: 'genres',
    nameColumn: 'genre_name',
    descriptionColumn: 'genre_description',
    rows: [
      ['romance', 'A love relationship and its emotional payoff are at the centre.'],
      ['fantasy', 'Invented worlds, magic or the impossible.'],
      ['mystery', 'A puzzle, usually a crime, solved alongside the investigator.'],
      ['thriller', 'High stakes, danger and suspense driving toward a climax.'],
      ['science_fiction', 'Imagined science, technology or futures.'],
      ['historical_fiction', 'A real past period, told with period detail.'],
      ['contemporary', 'The present-day real world.'],
      ['young_adult', 'Written for teenage readers, usually with teenage protagonists.'],
      ['literary_fiction', 'Driven by character, theme and prose more than plot.'],
      ['action_adventure', 'Quests, journeys and physical danger at a fast pace.'],
    ],
  },
  {
    table: 'plot_thread_types',
    nameColumn: 'type_name',
    descriptionColumn: 'type_description',
    rows: [
      ['series_arc', 'Spans several books of the series.'],
      ['mini_arc', 'A short arc resolved within a few chapters or one book.'],
      ['main_case', 'The central case or problem of a book.'],
      ['subplot', 'A secondary thread that supports the main plot.'],
      ['character_arc', "A character's inner change over the story."],
      ['mystery_element', 'A clue, secret or open question for the reader to work out.'],
      ['romance_arc', 'The development of a romantic relationship.'],
      ['world_building', 'Reveals how the world and its rules work.'],
    ],
  },
  {
    table: 'plot_thread_statuses',
    nameColumn: 'status_name',
    descriptionColumn: 'status_description',
    rows: [
      ['active', 'In play in the current story.'],
      ['resolved', 'Brought to its conclusion.'],
      ['on_hold', 'Paused, to be picked up later.'],
      ['abandoned', 'Dropped; it will not be continued.'],
      ['planning', 'Planned but not yet introduced in the text.'],
      ['suspended', 'Interrupted by story events until something changes.'],
    ],
  },
  {
    table: 'relationship_types',
    nameColumn: 'type_name',
    descriptionColumn: 'type_description',
    rows: [
      ['enables', 'One thread makes the other possible.'],
      ['conflicts_with', 'The threads pull against each other.'],
      ['supports', 'One thread strengthens the other.'],
      ['reveals', 'One thread uncovers information in the other.'],
      ['resolves', 'One thread brings the other to its end.'],
      ['depends_on', 'One thread cannot progress without the other.'],
      ['parallels', 'The threads mirror each other.'],
      ['contrasts', 'The threads throw each other into relief by their differences.'],
    ],
  },
  {
    table: 'story_concerns',
    nameColumn: 'concern_name',
    descriptionColumn: 'concern_description',
    rows: [
      ['obtaining', 'The story is about getting or achieving something.'],
      ['understanding', 'The story is about coming to understand something.'],
      ['becoming', 'The story is about turning into someone different.'],
      ['conceiving', 'The story is about coming up with an idea or a plan.'],
      ['doing', 'The story is about carrying out an activity.'],
      ['being', 'The story is about playing a role or living as someone.'],
    ],
  },
  {
    table: 'story_outcomes',
    nameColumn: 'outcome_name',
    descriptionColumn: 'outcome_description',
    rows: [
      ['success', 'The story goal is achieved.'],
      ['failure', 'The story goal is not achieved.'],
      ['partial_success', 'Part of the story goal is achieved.'],
      ['pyrrhic_victory', 'The goal is achieved at a ruinous cost.'],
      ['ambiguous', 'Whether the goal was achieved is left open.'],
    ],
  },
  {
    table: 'story_judgments',
    nameColumn: 'judgment_name',
    descriptionColumn: 'judgment_description',
    rows: [
      ['good', 'The protagonist resolves their inner problem.'],
      ['bad', 'The protagonist is left in inner turmoil.'],
      ['bittersweet', 'The ending mixes loss with gain.'],
      ['neutral', 'The ending passes no clear emotional verdict.'],
      ['cathartic', 'The ending releases the emotion built up along the way.'],
    ],
  },
  {
    table: 'writing_statuses',
    nameColumn: 'status_name',
    descriptionColumn: 'status_description',
    rows: [
      ['planned', 'Outlined or intended; not written yet.'],
      ['draft', 'Being written, or a first draft exists.'],
      ['revision', 'Being revised.'],
      ['final', 'Finished.'],
      ['cut', 'Removed from the manuscript.'],
    ],
  },
  {
    table: 'scene_types',
    nameColumn: 'type_name',
    descriptionColumn: 'type_description',
    rows: [
      ['dramatic', 'Built on conflict and emotional stakes.'],
      ['comedic', 'Built on humour.'],
      ['romantic', 'Centred on attraction or intimacy.'],
      ['suspenseful', 'Built on tension and uncertainty.'],
      ['action', 'Physical conflict and fast movement.'],
      ['introspective', "A character's thoughts and reflection."],
      ['transitional', 'Moves the story between places, times or threads.'],
    ],
  },
  {
    table: 'scene_purposes',
    nameColumn: 'purpose_name',
    descriptionColumn: 'purpose_description',
    rows: [
      ['action', 'Events and physical conflict move the plot.'],
      ['dialogue', 'Conversation carries the scene.'],
      ['description', 'Establishes setting, people or atmosphere.'],
      ['transition', 'Bridges two scenes or story beats.'],
      ['exposition', 'Gives the reader background information.'],
      ['conflict', 'Sets characters against obstacles or each other.'],
      ['resolution', 'Settles a conflict or an open question.'],
    ],
  },
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const lookup of lookups) {
    await db
      .insertInto(lookup.table)
      .values(lookup.rows.map(([name, description]) => ({
        [lookup.nameColumn]: name,
        [lookup.descriptionColumn]: description,
      })))
      .onConflict((conflict) => conflict.column(lookup.nameColumn).doNothing())
      .execute();
  }
}
