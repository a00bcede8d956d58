/**
 * Kysely table types: one interface per table of the original schema
 * (spec/schema.md) and one per view. Table and column names are the public
 * contract and stay exactly as in the database (no CamelCasePlugin).
 * test/schema.test.ts compares these interfaces with a migrated database.
 *
 * PostgreSQL -> TypeScript, as pg 8 returns values by default:
 * - integer -> number; serial ids are Generated<number>
 * - character varying, text, time -> string
 * - numeric -> string (exact decimals arrive as strings); written as a number or a string
 * - timestamp without time zone, date -> Date (pg parses both); written as a Date or an ISO string
 * - integer[] -> number[], text[] -> string[]
 * - jsonb -> JsonValue (parsed by pg); written as a JSON string or a plain object
 *   (pg sends a JS array as a PostgreSQL array literal: JSON.stringify arrays)
 * - a column with a default is Generated<...> (optional on insert); nullable columns are `T | null`
 */
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** jsonb NOT NULL. */
export type Json = ColumnType<Exclude<JsonValue, null>, string | JsonObject, string | JsonObject>;
/** jsonb, nullable. */
export type NullableJson = ColumnType<JsonValue, string | JsonObject | null, string | JsonObject | null>;

/** timestamp without time zone / date, NOT NULL without a default. */
export type DateTime = ColumnType<Date, Date | string, Date | string>;
/** timestamp without time zone / date, NOT NULL with a default (optional on insert). */
export type GeneratedDateTime = ColumnType<Date, Date | string | undefined, Date | string>;
/** timestamp without time zone / date, nullable (optional on insert; most default to CURRENT_TIMESTAMP). */
export type NullableDateTime = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

/** numeric NOT NULL. */
export type Numeric = ColumnType<string, string | number, string | number>;
/** numeric, nullable. */
export type NullableNumeric = ColumnType<string | null, string | number | null | undefined, string | number | null>;

/** One entry of events_with_participants.participants. */
export interface EventParticipant {
  character_id: number | null;
  name: string | null;
  role_in_event: string | null;
}

export interface AuditLogsTable {
  id: Generated<number>;
  timestamp: GeneratedDateTime;
  operation: string;
  table_name: string;
  record_id: string | null;
  user_id: string | null;
  client_info: NullableJson;
  changes: NullableJson;
  success: boolean;
  error_message: string | null;
  execution_time_ms: number | null;
  query_hash: string | null;
}

export interface AuthorsTable {
  id: Generated<number>;
  name: string;
  email: string | null;
  created_at: NullableDateTime;
  updated_at: NullableDateTime;
  bio: string | null;
  birth_year: number | null;
}

export interface BookGenresTable {
  id: Generated<number>;
  book_id: number;
  genre_id: number;
  created_at: NullableDateTime;
}

export interface BooksTable {
  id: Generated<number>;
  series_id: number;
  title: string;
  book_number: number | null;
  status: Generated<string | null>;
  target_word_count: number | null;
  actual_word_count: Generated<number | null>;
  created_at: NullableDateTime;
  updated_at: NullableDateTime;
  publication_year: number | null;
  description: string | null;
  isbn: string | null;
  page_count: number | null;
  cover_image_url: string | null;
  subtitle: string | null;
  blurb: string | null;
  pitch: string | null;
  hook: string | null;
}

export interface ChapterPlotPointsTable {
  id: Generated<number>;
  chapter_id: number;
  scene_id: number | null;
  plot_point_type: string | null;
  event_description: string | null;
  importance_level: string | null;
  affects_characters: number[] | null;
  changes_relationships: string[] | null;
  reveals_information: string[] | null;
  creates_conflicts: string[] | null;
  resolves_conflicts: string[] | null;
  immediate_consequences: string[] | null;
  long_term_consequences: string[] | null;
  sets_up_future_events: string[] | null;
  pays_off_previous_setup: string[] | null;
  occurs_at_scene: number | null;
  timing_within_scene: string | null;
  created_at: NullableDateTime;
  updated_at: NullableDateTime;
}

export interface ChapterScenesTable {
  id: Generated<number>;
  chapter_id: number;
  scene_number: number;
  scene_title: string | null;
  scene_purpose: string | null;
  scene_type: string | null;
  location: string | null;
  time_of_day: string | null;
  duration: string | null;
  summary: string | null;
  word_count: Generated<number | null>;
  pov_character_id: number | null;
  scene_participants: number[] | null;
  notes: string | null;
  writing_status: Generated<string | null>;
  created_at: NullableDateTime;
  updated_at: NullableDateTime;
  intensity_level: number | null;
  target_word_count: number | null;
  scene_elements: string[] | null;
  scene_outline: string | null;
  scene_content: string | null;
  scene_revisions: string[] | null;
}

export interface ChaptersTable {
  id: Generated<number>;
  book_id: number;
  chapter_number: number;
  title: string | null;
  subtitle: string | null;
  part_number: number | null;
  section_name: string | null;
  summary: string | null;
  word_count: Generated<number | null>;
  target_word_count: number | null;
  page_count: number | null;
  status: Generated<string | null>;
  draft_number: Generated<number | null>;
  story_time_start: string | null;
  story_time_end: string | null;
  story_duration: string | null;
  pov_character_id: number | null;
  narrative_style: string | null;
  tense: string | null;
  chapter_purpose: string[] | null;
  dramatic_function: string | null;
  primary_location: string | null;
  secondary_locations: string[] | null;
  author_notes: string | null;
  writing_notes: string | null;
  revision_notes: string | null;
  created_at: NullableDateTime;
  updated_at: NullableDateTime;
}

export interface CharacterArcsTable {
  id: Generated<number>;
  character_id: number;
  book_id: number;
  arc_name: string | null;
  starting_state: string | null;
  ending_state: string | null;
  key_events: string[] | null;
  growth_areas: string[] | null;
  created_at: NullableDateTime;
  updated_at: NullableDateTime;
  /** Added by 0003 (create_character_arc). */
  arc_description: string | null;
}

export interface CharacterChapterPresenceTable {
  id: Generated<number>;
  character_id: number;
  chapter_id: number;
  presence_type: string;
  importance_level: string | null;
  physical_state: string | null;
  emotional_state: string | null;
  clothing_description: string | null;
  notable_appearance_details: string | null;
  character_function: string[] | null;
  goals_in_chapter: string[] | null;
  obstacles_faced: string[] | null;
  enters_at_scene: number | null;
  exits_at_scene: number | null;
  arrival_method: string | null;
  departure_method: string | null;
  interacts_with: number[] | null;
  conflicts_with: number[] | null;
  allies_with: number[] | null;
  learns_this_chapter: string[] | null;
  reveals_this_chapter: string[] | null;
  suspects_this_chapter: string[] | null;
  character_growth: string | null;
  key_decisions: string[] | null;
  mistakes_made: string[] | null;
  created_at: NullableDateTime;
  updated_at: NullableDateTime;
  scene_id: number | null;
}

export interface CharacterDetailsTable {
  id: Generated<number>;
  character_id: number;
  category: string;
  attribute: string;
  value: string;
  source_book_id: number | null;
  confidence_level: Generated<string | null>;
  created_at: NullableDateTime;
  updated_at: NullableDateTime;
}

export interface CharacterKnowledgeTable {
  id: Generated<number>;
  character_id: number;
  knowledge_category: string;
  knowledge_item: string;
  knowledge_level: Generated<string | null>;
  learned_book_id: number | null;
  learned_context: string | null;
  created_at: NullableDateTime;
  updated_at: NullableDateTime;
  /** Added by 0003: the chapter where it was learned. */
  learned_chapter_id: number | null;
  /** Added by 0003: the scene number within that chapter. */
  learned_scene: number | null;
}

export interface CharacterSystemProgressionTable {
  id: Generated<number>;
  character_id: number | null;
  system_id: number | null;
  book_id: number | null;
  chapter_id: number | null;
  current_power_level: number | null;
  abilities_gained: number[] | null;
  progression_method: string | null;
  cost_or_sacrifice: string | null;
  created_at: NullableDateTime;
  updated_at: NullableDateTime;
}

export interface CharactersTable {
  id: Generated<number>;
  series_id: number;
  name: string;
  full_name: string | null;
  aliases: string[] | null;
  character_type: Generated<string | null>;
  first_appearance_book_id: number | null;
  last_appearance_book_id: number | null;
  status: Generated<string | null>;
  created_at: NullableDateTime;
  updated_at: NullableDateTime;
}

export interface EventChapterMappingsTable {
  id: Generated<number>;
  event_id: number | null;
  chapter_id: number | null;
  scene_number: number | null;
  presentation_type: string | null;
  pov_character_id: number | null;
  event_aspect: string | null;
  completeness: string | null;
  narrative_function: string | null;
  created_at: NullableDateTime;
  updated_at: NullableDateTime;
}

export interface EventParticipantsTable {
  id: Generated<number>;
  event_id: number | null;
  character_id: number | null;
  role_in_event: string | null;
  created_at: NullableDateTime;
}

export interface GenresTable {
  id: Generated<number>;
  genre_name: string;
  genre_description: string | null;
  is_active: Generated<boolean | null>;
  created_at: NullableDateTime;
}

export interface InformationFlowTable {
  id: Generated<number>;
  reveal_id: number | null;
  learned_by_character_id: number;
  learned_in_chapter: number | null;
  learned_from_character_id: number | null;
  knowledge_level: Generated<string | null>;
  learning_context: string | null;
  created_at: NullableDateTime;
  updated_at: NullableDateTime;
}

export interface InformationRevealsTable {
  id: Generated<number>;
  plot_thread_id: number | null;
  reveal_type: string | null;
  information_content: string;
  reveal_method: string | null;
  significance_level: string | null;
  affects_characters: number[] | null;
  revealed_in_chapter: number | null;
  consequences: string | null;
  foreshadowing_chapters: number[] | null;
  created_at: NullableDateTime;
  updated_at: NullableDateTime;
}

export interface LocationsTable {
  id: Generated<number>;
  series_id: number;
  name: string;
  location_type: string;
  description: string | null;
  parent_location_id: number | null;
  climate: string | null;
  terrain: string | null;
  notable_features: string[] | null;
  atmosphere: string | null;
  created_at: NullableDateTime;
  updated_at: NullableDateTime;
}

export interface ManuscriptExportsTable {
  id: Generated<number>;
  book_id: number;
  export_format: string;
  export_type: string;
  chapters_included: number[] | null;
  total_word_count: number | null;
  total_pages: number | null;
  export_date: NullableDateTime;
  filename: string | null;
  file_size: number | null;
  file_path: string | null;
  include_chapter_summaries: Generated<boolean | null>;
  include_character_notes: Generated<boolean | null>;
  include_metadata: Generated<boolean | null>;
  formatting_template: string | null;
  export_notes: string | null;
  intended_use: string | null;
  created_at: NullableDateTime;
}

export interface MetadataTable {
  id: Generated<number>;
  series_id: number | null;
  book_id: number | null;
  metadata_key: string;
  metadata_value: string;
  metadata_type: Generated<string>;
  created_at: NullableDateTime;
  updated_at: NullableDateTime;
}

export interface MigrationsTable {
  id: Generated<number>;
  filename: string;
  applied_at: NullableDateTime;
}

export interface NpeCausalLinksTable {
  id: string;
  chain_id: string;
  cause_event_id: string;
  cause_type: string | null;
  cause_description: string;
  cause_chapter_id: number | null;
  cause_scene_id: number | null;
  effect_event_id: string;
  effect_type: string | null;
  effect_description: string;
  effect_chapter_id: number | null;
  effect_scene_id: number | null;
  link_type: string | null;
  strength: number | null;
  delay_chapters: Generated<number | null>;
  character_agency: Generated<boolean | null>;
  mediating_factors: string | null;
  created_at: NullableDateTime;
}

export interface NpeCausalityChainsTable {
  id: string;
  series_id: number;
  book_id: number;
  chain_name: string;
  chain_description: string | null;
  initiating_decision_id: string | null;
  initiating_character_id: number | null;
  start_chapter_id: number | null;
  start_scene_id: number | null;
  final_outcome_id: string | null;
  end_chapter_id: number | null;
  end_scene_id: number | null;
  chain_type: string | null;
  strength: number | null;
  active_chapters: string | null;
  is_complete: Generated<boolean | null>;
  has_character_agency: Generated<boolean | null>;
  npe_compliant: boolean | null;
  validation_notes: string | null;
  created_at: NullableDateTime;
  updated_at: NullableDateTime;
}

export interface NpeCharacterDecisionsTable {
  id: string;
  character_id: number;
  book_id: number;
  chapter_id: number | null;
  scene_id: number | null;
  decision_description: string;
  decision_timestamp: string | null;
  aligned_with_goals: boolean | null;
  aligned_with_fears: boolean | null;
  aligned_with_wounds: boolean | null;
  aligned_with_biases: boolean | null;
  aligned_with_relationships: boolean | null;
  alignment_notes: string | null;
  alternatives_count: number | null;
  alternatives: string | null;
  why_this_choice: string | null;
  character_version: string | null;
  context_state: string | null;
  active_behavioral_palette: string | null;
  operating_on_incomplete_info: Generated<boolean | null>;
  known_information: string | null;
  unknown_information: string | null;
  misinterpretations: string | null;
  immediate_consequence: string | null;
  consequence_event_id: string | null;
  npe_compliant: boolean | null;
  violations: string | null;
  created_at: NullableDateTime;
  updated_at: NullableDateTime;
}

export interface NpeComplianceSummaryTable {
  id: string;
  book_id: number;
  chapter_id: number | null;
  plot_mechanics_score: NullableNumeric;
  character_logic_score: NullableNumeric;
  pacing_score: NullableNumeric;
  scene_architecture_score: NullableNumeric;
  dialogue_physics_score: NullableNumeric;
  pov_physics_score: NullableNumeric;
  transitions_score: NullableNumeric;
  information_economy_score: NullableNumeric;
  stakes_pressure_score: NullableNumeric;
  offstage_narrative_score: NullableNumeric;
  overall_npe_score: NullableNumeric;
  critical_violations: Generated<number | null>;
  warning_violations: Generated<number | null>;
  minor_violations: Generated<number | null>;
  violations_detail: string | null;
  compliant: boolean | null;
  recommendations: string | null;
  calculated_at: NullableDateTime;
}

export interface NpeInformationEconomyTable {
  id: string;
  book_id: number;
  scene_id: number;
  information_content: string;
  information_type: string | null;
  alters_character_choice: boolean | null;
  character_affected_id: number | null;
  choice_altered: string | null;
  reveal_method: string | null;
  optimal_timing: boolean | null;
  too_early: boolean | null;
  too_late: boolean | null;
  npe_compliant: boolean | null;
  violation_notes: string | null;
  revealed_at: NullableDateTime;
}

export interface NpePacingAnalysisTable {
  id: string;
  book_id: number;
  chapter_id: number | null;
  scene_count: number | null;
  avg_scene_length: NullableNumeric;
  scene_length_variance: NullableNumeric;
  tension_count: number | null;
  release_count: number | null;
  tension_release_ratio: NullableNumeric;
  quiet_count: number | null;
  loud_count: number | null;
  interior_count: number | null;
  exterior_count: number | null;
  conflict_count: number | null;
  connection_count: number | null;
  expanded_time_count: number | null;
  compressed_time_count: number | null;
  real_time_count: number | null;
  monotonous_pacing: boolean | null;
  energy_modulation_present: boolean | null;
  pacing_notes: string | null;
  analyzed_at: NullableDateTime;
}

export interface NpeRelationshipTensionTable {
  id: string;
  relationship_arc_id: number | null;
  chapter_id: number;
  scene_id: number | null;
  character_a_id: number;
  character_b_id: number;
  a_to_b_tension: number | null;
  b_to_a_tension: number | null;
  connection_strength: number | null;
  friction_strength: number | null;
  trigger_event: string | null;
  caused_by_character_action: boolean | null;
  character_action_id: string | null;
  tension_change_a_to_b: number | null;
  tension_change_b_to_a: number | null;
  physics_rule_applied: string | null;
  tracked_at: NullableDateTime;
}

export interface NpeSceneValidationTable {
  id: string;
  scene_id: number;
  book_id: number;
  chapter_id: number;
  has_character_intention: Generated<boolean | null>;
  intention_description: string | null;
  has_obstacle: Generated<boolean | null>;
  obstacle_description: string | null;
  has_pivot: Generated<boolean | null>;
  pivot_type: string | null;
  pivot_description: string | null;
  has_consequence: Generated<boolean | null>;
  consequence_description: string | null;
  consequence_alters_next_scene: boolean | null;
  should_be_summarized: Generated<boolean | null>;
  scene_length_category: string | null;
  word_count: number | null;
  time_treatment: string | null;
  time_treatment_justified: boolean | null;
  time_treatment_reason: string | null;
  energy_modulation: string | null;
  has_dialogue: boolean | null;
  dialogue_has_subtext: boolean | null;
  avoids_echolalia: boolean | null;
  characters_talk_at_cross_purposes: boolean | null;
  dialogue_is_strategy: boolean | null;
  dialogue_violations: string | null;
  pov_character_id: number | null;
  pov_is_subjective: boolean | null;
  pov_has_bias: boolean | null;
  pov_misreads_events: boolean | null;
  pov_selective_sensory_detail: string | null;
  reveals_information: boolean | null;
  information_alters_choice: boolean | null;
  information_content: string | null;
  npe_compliance_score: NullableNumeric;
  violations: string | null;
  recommendations: string | null;
  validated_at: NullableDateTime;
}

export interface NpeStakesPressureTable {
  id: string;
  book_id: number;
  chapter_id: number;
  scene_id: number | null;
  pressure_level: number | null;
  reduces_options: boolean | null;
  options_before: number | null;
  options_after: number | null;
  adds_cost: boolean | null;
  cost_description: string | null;
  exposes_flaw: boolean | null;
  flaw_exposed: string | null;
  tests_loyalty_or_belief: boolean | null;
  loyalty_belief_tested: string | null;
  pushes_toward_painful_truth: boolean | null;
  truth_approached: string | null;
  escalation_justified: boolean | null;
  npe_compliant: boolean | null;
  tracked_at: NullableDateTime;
}

export interface OrganizationsTable {
  id: Generated<number>;
  series_id: number;
  name: string;
  organization_type: string;
  description: string | null;
  headquarters_location_id: number | null;
  parent_organization_id: number | null;
  influence_level: number | null;
  member_count: number | null;
  status: Generated<string | null>;
  created_at: NullableDateTime;
  updated_at: NullableDateTime;
}

export interface PlotThreadRelationshipsTable {
  id: Generated<number>;
  thread_a_id: number;
  thread_b_id: number;
  relationship_type_id: number;
  relationship_description: string | null;
  strength: Generated<number | null>;
  established_book: number | null;
  created_at: NullableDateTime;
  updated_at: NullableDateTime; // not in the original schema: its updated_at trigger needs it
}

export interface PlotThreadStatusesTable {
  id: Generated<number>;
  status_name: string;
  status_description: string | null;
  is_active: Generated<boolean | null>;
  created_at: NullableDateTime;
}

export interface PlotThreadTypesTable {
  id: Generated<number>;
  type_name: string;
  type_description: string | null;
  is_active: Generated<boolean | null>;
  created_at: NullableDateTime;
}

export interface PlotThreadsTable {
  id: Generated<number>;
  series_id: number;
  title: string;
  description: string | null;
  thread_type_id: number | null;
  importance_level: Generated<number | null>;
  complexity_level: Generated<number | null>;
  start_book: number | null;
  end_book: number | null;
  current_status_id: Generated<number | null>;
  parent_thread_id: number | null;
  related_characters: number[] | null;
  resolution_notes: string | null;
  resolution_book: number | null;
  created_at: NullableDateTime;
  updated_at: NullableDateTime;
}

export interface RelationshipArcsTable {
  id: Generated<number>;
  plot_thread_id: number | null;
  arc_name: string;
  participants: Json;
  relationship_type: string | null;
  current_dynamic: string | null;
  development_factors: string[] | null;
  complexity_level: number | null;
  milestone_events: NullableJson;
  created_at: NullableDateTime;
  updated_at: NullableDateTime;
}

export interface RelationshipDynamicsTable {
  id: Generated<number>;
  arc_id: number | null;
  chapter_id: number | null;
  scene_id: number | null;
  dynamic_change: string | null;
  tension_change: number | null;
  change_type: string | null;
  trigger_event: string | null;
  created_at: NullableDateTime;
  updated_at: NullableDateTime;
}

export interface RelationshipTypesTable {
  id: Generated<number>;
  type_name: string;
  type_description: string | null;
  is_active: Generated<boolean | null>;
  created_at: NullableDateTime;
}

export interface RevealEvidenceTable {
  id: Generated<number>;
  reveal_id: number | null;
  evidence_type: string | null;
  evidence_description: string;
  discovered_by: number | null;
  discovery_chapter: number | null;
  significance: string | null;
  linked_reveals: number[] | null;
  created_at: NullableDateTime;
  updated_at: NullableDateTime;
}

export interface ScenePurposesTable {
  id: Generated<number>;
  purpose_name: string;
  purpose_description: string | null;
  is_active: Generated<boolean | null>;
  created_at: NullableDateTime;
}

export interface SceneTypesTable {
  id: Generated<number>;
  type_name: string;
  type_description: string | null;
  is_active: Generated<boolean | null>;
  created_at: NullableDateTime;
}

export interface SeriesTable {
  id: Generated<number>;
  author_id: number;
  title: string;
  description: string | null;
  target_audience: string | null;
  created_at: NullableDateTime;
  updated_at: NullableDateTime;
  status: Generated<string | null>;
  start_year: number | null;
}

export interface SeriesGenresTable {
  id: Generated<number>;
  series_id: number;
  genre_id: number;
  created_at: NullableDateTime;
}

export interface SeriesTimelineTable {
  id: Generated<number>;
  series_id: number;
  name: string;
  description: string | null;
  created_at: NullableDateTime;
  updated_at: NullableDateTime;
}

export interface SessionChaptersTable {
  id: Generated<number>;
  session_id: number;
  chapter_id: number;
  words_written_on_chapter: Generated<number | null>;
}

export interface StoryConcernsTable {
  id: Generated<number>;
  concern_name: string;
  concern_description: string | null;
  is_active: Generated<boolean | null>;
  created_at: NullableDateTime;
}

export interface StoryJudgmentsTable {
  id: Generated<number>;
  judgment_name: string;
  judgment_description: string | null;
  is_active: Generated<boolean | null>;
  created_at: NullableDateTime;
}

export interface StoryOutcomesTable {
  id: Generated<number>;
  outcome_name: string;
  outcome_description: string | null;
  is_active: Generated<boolean | null>;
  created_at: NullableDateTime;
}

export interface SystemAbilitiesTable {
  id: Generated<number>;
  system_id: number | null;
  ability_name: string;
  ability_description: string | null;
  power_level: number | null;
  requirements: string | null;
  limitations: string | null;
  characters_with_ability: number[] | null;
  created_at: NullableDateTime;
  updated_at: NullableDateTime;
}

export interface TimelineEventsTable {
  id: Generated<number>;
  series_id: number;
  event_name: string;
  event_description: string | null;
  event_date: string | null;
  book_id: number | null;
  sort_order: Generated<number | null>;
  time_period: string | null;
  significance: Generated<string | null>;
  is_public_knowledge: Generated<boolean | null>;
  created_at: NullableDateTime;
  updated_at: NullableDateTime;
}

export interface TropeInstancesTable {
  id: Generated<number>;
  trope_id: number | null;
  book_id: number | null;
  instance_notes: string | null;
  subversion_notes: string | null;
  completion_status: Generated<string | null>;
  created_at: NullableDateTime;
  updated_at: NullableDateTime;
}

export interface TropeSceneTypesTable {
  id: Generated<number>;
  trope_id: number | null;
  scene_function: string;
  scene_description: string;
  typical_placement: string | null;
  required: Generated<boolean | null>;
  narrative_purpose: string | null;
  emotional_beats: string[] | null;
  created_at: NullableDateTime;
}

export interface TropeScenesTable {
  id: Generated<number>;
  instance_id: number | null;
  scene_type_id: number | null;
  chapter_id: number | null;
  scene_number: number | null;
  scene_summary: string | null;
  effectiveness_rating: number | null;
  variation_notes: string | null;
  created_at: NullableDateTime;
  updated_at: NullableDateTime;
  scene_id: number | null;
  scene_elements: string[] | null;
  implementation_notes: string | null;
}

export interface TropesTable {
  id: Generated<number>;
  series_id: number | null;
  trope_name: string;
  trope_category: string | null;
  description: string | null;
  common_elements: string[] | null;
  typical_trajectory: string | null;
  created_at: NullableDateTime;
  updated_at: NullableDateTime;
}

export interface ValidationResultsTable {
  id: Generated<number>;
  book_id: number;
  validation_rule_id: number | null;
  chapter_id: number | null;
  scene_id: number | null;
  validation_date: NullableDateTime;
  result_status: string;
  violation_count: Generated<number | null>;
  issue_description: string | null;
  suggested_fix: string | null;
  violation_details: NullableJson;
  auto_generated: Generated<boolean | null>;
  acknowledged: Generated<boolean | null>;
  resolved: Generated<boolean | null>;
  resolution_notes: string | null;
  created_at: NullableDateTime;
}

export interface ValidationRulesTable {
  id: Generated<number>;
  book_id: number | null;
  series_id: number | null;
  rule_name: string;
  rule_type: string;
  rule_category: string | null;
  rule_description: string | null;
  rule_parameters: NullableJson;
  severity: Generated<string | null>;
  active: Generated<boolean | null>;
  auto_check: Generated<boolean | null>;
  author_notes: string | null;
  custom_message: string | null;
  created_at: NullableDateTime;
  updated_at: NullableDateTime;
}

export interface WordCountSnapshotsTable {
  id: Generated<number>;
  book_id: number;
  chapter_id: number | null;
  snapshot_date: NullableDateTime;
  snapshot_type: Generated<string | null>;
  book_word_count: number | null;
  chapter_word_count: number | null;
  scene_word_count: number | null;
  words_added: Generated<number | null>;
  words_removed: Generated<number | null>;
  net_change: Generated<number | null>;
  trigger_event: string | null;
  notes: string | null;
  created_at: NullableDateTime;
}

export interface WorldElementUsageTable {
  id: Generated<number>;
  element_type: string;
  element_id: number;
  book_id: number;
  chapter_id: number | null;
  usage_notes: string | null;
  importance_level: Generated<string | null>;
  created_at: NullableDateTime;
  /** Added by 0003 (track_organization_activity). */
  activity_type: string | null;
  /** Added by 0003 (track_organization_activity). */
  involved_characters: number[] | null;
  /** Added by 0003 (world_track_element_usage). */
  power_level: number | null;
}

export interface WorldElementsTable {
  id: Generated<number>;
  series_id: number;
  name: string;
  element_type: string;
  description: string | null;
  rules_text: string | null;
  power_level: number | null;
  created_at: NullableDateTime;
  updated_at: NullableDateTime;
  power_source: string | null;
  rarity: Generated<string | null>;
  cultural_impact: string | null;
  access_method: string | null;
  rules: string[] | null;
  limitations: string[] | null;
  system_id: number | null;
}

export interface WorldSystemsTable {
  id: Generated<number>;
  series_id: number | null;
  system_name: string;
  system_type: string | null;
  power_source: string | null;
  access_method: string | null;
  limitations: string[] | null;
  system_rules: string[] | null;
  power_scaling: NullableJson;
  system_users: number[] | null;
  created_at: NullableDateTime;
  updated_at: NullableDateTime;
}

export interface WritingGoalsTable {
  id: Generated<number>;
  book_id: number;
  goal_type: string;
  target_value: number;
  start_date: NullableDateTime;
  target_date: DateTime;
  current_progress: Generated<number | null>;
  completion_percentage: NullableNumeric;
  completed: Generated<boolean | null>;
  completion_date: NullableDateTime;
  description: string | null;
  motivation: string | null;
  reward: string | null;
  active: Generated<boolean | null>;
  created_at: NullableDateTime;
  updated_at: NullableDateTime;
}

export interface WritingSessionsTable {
  id: Generated<number>;
  book_id: number;
  chapter_id: number | null;
  session_date: DateTime;
  start_time: string | null;
  end_time: string | null;
  duration_minutes: number | null;
  words_written: Generated<number | null>;
  words_edited: Generated<number | null>;
  net_words: Generated<number | null>;
  session_type: Generated<string | null>;
  mood_rating: number | null;
  energy_level: number | null;
  focus_quality: string | null;
  writing_location: string | null;
  distractions: string | null;
  session_notes: string | null;
  goals_for_session: string | null;
  goals_achieved: Generated<boolean | null>;
  created_at: NullableDateTime;
  updated_at: NullableDateTime;
}

export interface WritingStatusesTable {
  id: Generated<number>;
  status_name: string;
  status_description: string | null;
  is_active: Generated<boolean | null>;
  created_at: NullableDateTime;
}

/** View: A book row plus its genres (ids and names, ordered by name). Read-only. */
export interface BooksWithGenresView {
  id: number;
  series_id: number;
  title: string;
  book_number: number | null;
  status: string | null;
  target_word_count: number | null;
  actual_word_count: number | null;
  created_at: Date | null;
  updated_at: Date | null;
  publication_year: number | null;
  description: string | null;
  isbn: string | null;
  page_count: number | null;
  cover_image_url: string | null;
  subtitle: string | null;
  blurb: string | null;
  pitch: string | null;
  hook: string | null;
  genre_ids: number[];
  genres: string[];
}

/** View: A timeline event plus its participants (ordered by name). Read-only. */
export interface EventsWithParticipantsView {
  id: number;
  series_id: number;
  event_name: string;
  event_description: string | null;
  event_date: string | null;
  book_id: number | null;
  sort_order: number | null;
  time_period: string | null;
  significance: string | null;
  is_public_knowledge: boolean | null;
  created_at: Date | null;
  updated_at: Date | null;
  participants: EventParticipant[];
}

/** View: A series row plus its genres (ids and names, ordered by name). Read-only. */
export interface SeriesWithGenresView {
  id: number;
  author_id: number;
  title: string;
  description: string | null;
  target_audience: string | null;
  created_at: Date | null;
  updated_at: Date | null;
  status: string | null;
  start_year: number | null;
  genre_ids: number[];
  genres: string[];
}

export interface Database {
  audit_logs: AuditLogsTable;
  authors: AuthorsTable;
  book_genres: BookGenresTable;
  books: BooksTable;
  chapter_plot_points: ChapterPlotPointsTable;
  chapter_scenes: ChapterScenesTable;
  chapters: ChaptersTable;
  character_arcs: CharacterArcsTable;
  character_chapter_presence: CharacterChapterPresenceTable;
  character_details: CharacterDetailsTable;
  character_knowledge: CharacterKnowledgeTable;
  character_system_progression: CharacterSystemProgressionTable;
  characters: CharactersTable;
  event_chapter_mappings: EventChapterMappingsTable;
  event_participants: EventParticipantsTable;
  genres: GenresTable;
  information_flow: InformationFlowTable;
  information_reveals: InformationRevealsTable;
  locations: LocationsTable;
  manuscript_exports: ManuscriptExportsTable;
  metadata: MetadataTable;
  migrations: MigrationsTable;
  npe_causal_links: NpeCausalLinksTable;
  npe_causality_chains: NpeCausalityChainsTable;
  npe_character_decisions: NpeCharacterDecisionsTable;
  npe_compliance_summary: NpeComplianceSummaryTable;
  npe_information_economy: NpeInformationEconomyTable;
  npe_pacing_analysis: NpePacingAnalysisTable;
  npe_relationship_tension: NpeRelationshipTensionTable;
  npe_scene_validation: NpeSceneValidationTable;
  npe_stakes_pressure: NpeStakesPressureTable;
  organizations: OrganizationsTable;
  plot_thread_relationships: PlotThreadRelationshipsTable;
  plot_thread_statuses: PlotThreadStatusesTable;
  plot_thread_types: PlotThreadTypesTable;
  plot_threads: PlotThreadsTable;
  relationship_arcs: RelationshipArcsTable;
  relationship_dynamics: RelationshipDynamicsTable;
  relationship_types: RelationshipTypesTable;
  reveal_evidence: RevealEvidenceTable;
  scene_purposes: ScenePurposesTable;
  scene_types: SceneTypesTable;
  series: SeriesTable;
  series_genres: SeriesGenresTable;
  series_timeline: SeriesTimelineTable;
  session_chapters: SessionChaptersTable;
  story_concerns: StoryConcernsTable;
  story_judgments: StoryJudgmentsTable;
  story_outcomes: StoryOutcomesTable;
  system_abilities: SystemAbilitiesTable;
  timeline_events: TimelineEventsTable;
  trope_instances: TropeInstancesTable;
  trope_scene_types: TropeSceneTypesTable;
  trope_scenes: TropeScenesTable;
  tropes: TropesTable;
  validation_results: ValidationResultsTable;
  validation_rules: ValidationRulesTable;
  word_count_snapshots: WordCountSnapshotsTable;
  world_element_usage: WorldElementUsageTable;
  world_elements: WorldElementsTable;
  world_systems: WorldSystemsTable;
  writing_goals: WritingGoalsTable;
  writing_sessions: WritingSessionsTable;
  writing_statuses: WritingStatusesTable;
  books_with_genres: BooksWithGenresView;
  events_with_participants: EventsWithParticipantsView;
  series_with_genres: SeriesWithGenresView;
}

/** Every table, sorted (for allow-lists such as the database-admin tools). */
export const TABLE_NAMES = [
  'audit_logs',
  'authors',
  'book_genres',
  'books',
  'chapter_plot_points',
  'chapter_scenes',
  'chapters',
  'character_arcs',
  'character_chapter_presence',
  'character_details',
  'character_knowledge',
  'character_system_progression',
  'characters',
  'event_chapter_mappings',
  'event_participants',
  'genres',
  'information_flow',
  'information_reveals',
  'locations',
  'manuscript_exports',
  'metadata',
  'migrations',
  'npe_causal_links',
  'npe_causality_chains',
  'npe_character_decisions',
  'npe_compliance_summary',
  'npe_information_economy',
  'npe_pacing_analysis',
  'npe_relationship_tension',
  'npe_scene_validation',
  'npe_stakes_pressure',
  'organizations',
  'plot_thread_relationships',
  'plot_thread_statuses',
  'plot_thread_types',
  'plot_threads',
  'relationship_arcs',
  'relationship_dynamics',
  'relationship_types',
  'reveal_evidence',
  'scene_purposes',
  'scene_types',
  'series',
  'series_genres',
  'series_timeline',
  'session_chapters',
  'story_concerns',
  'story_judgments',
  'story_outcomes',
  'system_abilities',
  'timeline_events',
  'trope_instances',
  'trope_scene_types',
  'trope_scenes',
  'tropes',
  'validation_results',
  'validation_rules',
  'word_count_snapshots',
  'world_element_usage',
  'world_elements',
  'world_systems',
  'writing_goals',
  'writing_sessions',
  'writing_statuses',
] as const;

export type TableName = (typeof TABLE_NAMES)[number];

export const VIEW_NAMES = ['books_with_genres', 'events_with_participants', 'series_with_genres'] as const;

export type ViewName = (typeof VIEW_NAMES)[number];

export type Author = Selectable<AuthorsTable>;
export type NewAuthor = Insertable<AuthorsTable>;
export type AuthorUpdate = Updateable<AuthorsTable>;

export type Series = Selectable<SeriesTable>;
export type NewSeries = Insertable<SeriesTable>;
export type SeriesUpdate = Updateable<SeriesTable>;

export type Book = Selectable<BooksTable>;
export type NewBook = Insertable<BooksTable>;
export type BookUpdate = Updateable<BooksTable>;

export type Chapter = Selectable<ChaptersTable>;
export type NewChapter = Insertable<ChaptersTable>;
export type ChapterUpdate = Updateable<ChaptersTable>;

export type Scene = Selectable<ChapterScenesTable>;
export type NewScene = Insertable<ChapterScenesTable>;
export type SceneUpdate = Updateable<ChapterScenesTable>;

export type Character = Selectable<CharactersTable>;
export type NewCharacter = Insertable<CharactersTable>;
export type CharacterUpdate = Updateable<CharactersTable>;

export type PlotThread = Selectable<PlotThreadsTable>;
export type NewPlotThread = Insertable<PlotThreadsTable>;
export type PlotThreadUpdate = Updateable<PlotThreadsTable>;

export type Location = Selectable<LocationsTable>;
export type NewLocation = Insertable<LocationsTable>;
export type LocationUpdate = Updateable<LocationsTable>;

export type Organization = Selectable<OrganizationsTable>;
export type NewOrganization = Insertable<OrganizationsTable>;
export type OrganizationUpdate = Updateable<OrganizationsTable>;

export type WorldElement = Selectable<WorldElementsTable>;
export type NewWorldElement = Insertable<WorldElementsTable>;
export type WorldElementUpdate = Updateable<WorldElementsTable>;

export type WorldSystem = Selectable<WorldSystemsTable>;
export type NewWorldSystem = Insertable<WorldSystemsTable>;
export type WorldSystemUpdate = Updateable<WorldSystemsTable>;

export type TimelineEvent = Selectable<TimelineEventsTable>;
export type NewTimelineEvent = Insertable<TimelineEventsTable>;
export type TimelineEventUpdate = Updateable<TimelineEventsTable>;

export type Genre = Selectable<GenresTable>;
export type NewGenre = Insertable<GenresTable>;
export type GenreUpdate = Updateable<GenresTable>;
