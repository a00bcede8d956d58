/**
 * 0003: columns the tools' contract needs that the original tables lack.
 * More columns are allowed by the spec; none is renamed or removed.
 *
 * - character_knowledge.learned_chapter_id / learned_scene:
 *   character_add_character_knowledge_with_chapter takes the chapter (and
 *   scene) where a character learned something, and "does X know Y at chapter
 *   N" is answered from the chapter order, so the chapter must be stored.
 * - world_element_usage.activity_type / involved_characters / power_level:
 *   track_organization_activity and world_track_element_usage record them.
 * - character_arcs.arc_description: create_character_arc requires it.
 *
 * Every statement is IF NOT EXISTS, so it also runs on a database that has
 * them. Frozen once landed.
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE public.character_knowledge
      ADD COLUMN IF NOT EXISTS learned_chapter_id integer REFERENCES public.chapters (id) ON DELETE SET NULL,
      ADD COLUMN IF NOT EXISTS learned_scene integer
  `.execute(db);
  await sql`
    CREATE INDEX IF NOT EXISTS idx_character_knowledge_learned_chapter_id
      ON public.character_knowledge (learned_chapter_id)
  `.execute(db);
  await sql`
    ALTER TABLE public.world_element_usage
      ADD COLUMN IF NOT EXISTS activity_type character varying(100),
      ADD COLUMN IF NOT EXISTS involved_characters integer[],
      ADD COLUMN IF NOT EXISTS power_level integer
  `.execute(db);
  await sql`
    ALTER TABLE public.character_arcs
      ADD COLUMN IF NOT EXISTS arc_description text
  `.execute(db);
}
