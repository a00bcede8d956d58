import type { Db } from '@mcp-writing/db';

export interface NewReveal {
  plot_thread_id: number;
  reveal_type: string;
  information_content: string;
  reveal_method: string;
  significance_level: string;
  affects_characters?: number[] | null;
  revealed_in_chapter?: number | null;
  consequences?: string | null;
  foreshadowing_chapters?: number[] | null;
}

export function insertReveal(db: Db, reveal: NewReveal) {
  return db.insertInto('information_reveals').values(reveal).returningAll().executeTakeFirstOrThrow();
}

/** A reveal with the series of its plot thread (null for a reveal without a thread). */
export function revealRow(db: Db, id: number) {
  return db
    .selectFrom('information_reveals as r')
    .leftJoin('plot_threads as t', 't.id', 'r.plot_thread_id')
    .select(['r.id', 'r.plot_thread_id', 't.series_id'])
    .where('r.id', '=', id)
    .executeTakeFirst();
}

export interface NewEvidence {
  reveal_id: number;
  evidence_type: string;
  evidence_description: string;
  discovered_by?: number | undefined;
  discovery_chapter?: number | undefined;
  significance?: string | undefined;
}

export function insertEvidence(db: Db, evidence: NewEvidence) {
  return db.insertInto('reveal_evidence').values(evidence).returningAll().executeTakeFirstOrThrow();
}
