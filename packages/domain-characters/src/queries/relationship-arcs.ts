import type { Db, JsonValue } from '@mcp-writing/db';

/** Relationship arcs with their plot thread's title and series and how many dynamics are tracked. */
export function selectRelationshipArcs(db: Db) {
  return db
    .selectFrom('relationship_arcs as a')
    .leftJoin('plot_threads as t', 't.id', 'a.plot_thread_id')
    .select((eb) => [
      'a.id',
      'a.plot_thread_id',
      't.title as plot_thread_title',
      't.series_id',
      'a.arc_name',
      'a.participants',
      'a.relationship_type',
      'a.current_dynamic',
      'a.development_factors',
      'a.complexity_level',
      'a.milestone_events',
      'a.created_at',
      'a.updated_at',
      eb
        .selectFrom('relationship_dynamics as d')
        .whereRef('d.arc_id', '=', 'a.id')
        .select(eb.fn.countAll<string>().as('n'))
        .as('dynamics_count'),
    ]);
}

export async function findRelationshipArc(db: Db, arcId: number) {
  const arc = await selectRelationshipArcs(db).where('a.id', '=', arcId).executeTakeFirst();
  if (!arc) return undefined;
  const [withNames] = await withCurrentParticipantNames(db, [arc]);
  return withNames;
}

type ArcLike = { participants: JsonValue; dynamics_count?: unknown };

function participantCharacterId(entry: JsonValue): number | undefined {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return undefined;
  const id = entry.character_id;
  return typeof id === 'number' && Number.isInteger(id) ? id : undefined;
}

/**
 * Fills each participant's character_name with the character's current name
 * (characters may have been renamed since the arc was written) and turns
 * dynamics_count into a number. Entries of another shape are kept as stored.
 */
export async function withCurrentParticipantNames<T extends ArcLike>(
  db: Db,
  arcs: readonly T[],
): Promise<(Omit<T, 'dynamics_count'> & { dynamics_count: number })[]> {
  const ids = new Set<number>();
  for (const arc of arcs) {
    if (!Array.isArray(arc.participants)) continue;
    for (const entry of arc.participants) {
      const id = participantCharacterId(entry);
      if (id !== undefined) ids.add(id);
    }
  }
  const names = new Map<number, string>();
  if (ids.size > 0) {
    const rows = await db.selectFrom('characters').select(['id', 'name']).where('id', 'in', [...ids]).execute();
    for (const row of rows) names.set(row.id, row.name);
  }
  return arcs.map((arc) => ({
    ...arc,
    dynamics_count: Number(arc.dynamics_count ?? 0),
    participants: Array.isArray(arc.participants)
      ? arc.participants.map((entry) => {
          const id = participantCharacterId(entry);
          if (id === undefined || typeof entry !== 'object' || entry === null || Array.isArray(entry)) return entry;
          return { ...entry, character_name: names.get(id) ?? entry.character_name ?? null };
        })
      : arc.participants,
  }));
}
