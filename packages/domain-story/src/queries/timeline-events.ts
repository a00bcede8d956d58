import { type Db, type NewTimelineEvent, type TimelineEventUpdate, sql } from '@mcp-writing/db';

/** A participant of an event as tools return it. */
export interface EventParticipantRef {
  character_id: number;
  name: string | null;
  role_in_event: string | null;
}

const participantsJson = sql<EventParticipantRef[]>`COALESCE((
  SELECT jsonb_agg(jsonb_build_object('character_id', ep.character_id, 'name', c.name, 'role_in_event', ep.role_in_event)
                   ORDER BY c.name, ep.character_id)
    FROM event_participants ep LEFT JOIN characters c ON c.id = ep.character_id
   WHERE ep.event_id = timeline_events.id), '[]'::jsonb)`;

/** One timeline event with its participants and its book's title. */
export function findTimelineEvent(db: Db, id: number) {
  return db
    .selectFrom('timeline_events')
    .selectAll('timeline_events')
    .select([
      participantsJson.as('participants'),
      sql<string | null>`(SELECT b.title FROM books b WHERE b.id = timeline_events.book_id)`.as('book_title'),
    ])
    .where('timeline_events.id', '=', id)
    .executeTakeFirst();
}

/** The stored columns of a timeline event (for checks before a change). */
export function timelineEventRow(db: Db, id: number) {
  return db.selectFrom('timeline_events').selectAll().where('id', '=', id).executeTakeFirst();
}

export function insertTimelineEvent(db: Db, event: NewTimelineEvent) {
  return db.insertInto('timeline_events').values(event).returning('id').executeTakeFirstOrThrow();
}

/** Applies `changes` (or only bumps updated_at when there are none, e.g. a participant change). */
export function updateTimelineEvent(db: Db, id: number, changes: TimelineEventUpdate) {
  const query = db.updateTable('timeline_events').where('id', '=', id);
  const withSet = Object.keys(changes).length > 0 ? query.set(changes) : query.set({ updated_at: sql<Date>`CURRENT_TIMESTAMP` });
  return withSet.returning('id').executeTakeFirst();
}

/** Makes the event's participants exactly `characterIds` (kept participants keep their role). */
export async function replaceEventParticipants(db: Db, eventId: number, characterIds: readonly number[]): Promise<void> {
  await db
    .deleteFrom('event_participants')
    .where('event_id', '=', eventId)
    .$if(characterIds.length > 0, (qb) =>
      qb.where((eb) => eb.or([eb('character_id', 'is', null), eb('character_id', 'not in', [...characterIds])])),
    )
    .execute();
  if (characterIds.length === 0) return;
  await db
    .insertInto('event_participants')
    .values(characterIds.map((character_id) => ({ event_id: eventId, character_id })))
    .onConflict((oc) => oc.columns(['event_id', 'character_id']).doNothing())
    .execute();
}
