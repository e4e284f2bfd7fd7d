import { RecError } from '@hub/fhir';
import type { SlotLookup } from '@hub/message';
import { Sql, runSql } from '@hub/persistence';
import type { EntityManager, SelectQueryBuilder } from 'typeorm';
import { SlotEntity } from './entities';

/**
 * The slots a booking could mean, free ones first. Usually one; several only when a service publishes
 * parallel slots at the same time in schedules the sender did not name, and then any free one will do.
 * Read without locks: the claim that follows is what decides.
 */
export async function slotCandidates(m: EntityManager, serviceId: string, lookup: SlotLookup): Promise<SlotEntity[]> {
  const base = (): SelectQueryBuilder<SlotEntity> =>
    m.getRepository(SlotEntity).createQueryBuilder('slot').where('slot.service_id = :serviceId', { serviceId }).limit(20);
  if (lookup.hubId !== undefined) return base().andWhere('slot.id = :id', { id: lookup.hubId }).getMany();
  if (lookup.identifierKey !== undefined) {
    const byIdentifier = await base().andWhere('slot.identifier_key = :key', { key: lookup.identifierKey }).getMany();
    if (byIdentifier.length > 0) return freeFirst(byIdentifier);
  }
  if (lookup.start === '') return [];
  const qb = base().andWhere('slot.start_at = :start AND slot.end_at = :end', { start: lookup.start, end: lookup.end });
  if (lookup.scheduleIdentifierKey !== undefined) {
    qb.innerJoin('schedule', 'schedule', 'schedule.id = slot.schedule_id').andWhere('schedule.identifier_key = :sk', {
      sk: lookup.scheduleIdentifierKey,
    });
  }
  return freeFirst(await qb.getMany());
}

function freeFirst(rows: SlotEntity[]): SlotEntity[] {
  return rows.sort((a, b) => Number(b.status === 'free') - Number(a.status === 'free'));
}

/**
 * Marks the slot busy if, and only if, it is free at this instant: one conditional UPDATE, never a read
 * followed by a write. Under any concurrency exactly one claimant sees `affected === 1`.
 */
export async function claimSlot(m: EntityManager, slotId: string, now: string): Promise<boolean> {
  const result = await m
    .createQueryBuilder()
    .update(SlotEntity)
    .set({ status: 'busy', version: () => 'version + 1', lastUpdated: now })
    .where('id = :slotId AND status = :free', { slotId, free: 'free' })
    .execute();
  return result.affected === 1;
}

/** What a booking needs of the slot it claimed. */
export type ClaimedSlot = Pick<SlotEntity, 'id' | 'scheduleId' | 'startAt' | 'endAt'>;

/**
 * Claims the first free slot among the candidates for `lookup`: 409 when none is published or none is
 * free. The usual case is one statement (a conditional UPDATE that picks a free candidate); when it
 * claims nothing, the candidates are read to tell "not published" from "taken", and to try parallel slots
 * a concurrent booking may have left free.
 */
export async function claimRequestedSlot(m: EntityManager, serviceId: string, lookup: SlotLookup, now: string): Promise<ClaimedSlot> {
  const fast = await claimFirstFree(m, serviceId, lookup, now);
  if (fast) return fast;
  const candidates = await slotCandidates(m, serviceId, lookup);
  if (candidates.length === 0) {
    throw RecError.conflict('The requested Slot is not published by the destination service, so it cannot be booked');
  }
  for (const candidate of candidates) {
    if (candidate.status === 'free' && (await claimSlot(m, candidate.id, now))) return candidate;
  }
  throw RecError.conflict('The requested Slot is not free: it has been booked or withdrawn');
}

/**
 * One statement: mark busy a free slot matching the lookup. The inner SELECT only proposes a row; the
 * outer `status = 'free'` is re-checked under the row lock, so of two bookings proposing one slot exactly
 * one claims it and the other claims nothing (and goes the slow way).
 */
async function claimFirstFree(m: EntityManager, serviceId: string, lookup: SlotLookup, now: string): Promise<ClaimedSlot | undefined> {
  const claim = claimStatement(serviceId, lookup, now);
  if (!claim) return undefined;
  const row = (await runSql<ClaimedRow>(m, claim.sql, claim.params)).rows[0];
  return row && { id: row.id, scheduleId: row.schedule_id, startAt: row.start_at, endAt: row.end_at };
}

/** The claim for the lookup's most specific key, in the order `slotCandidates` tries them. */
function claimStatement(serviceId: string, lookup: SlotLookup, now: string): { sql: Sql; params: unknown[] } | undefined {
  if (lookup.hubId !== undefined) return { sql: CLAIM_BY_ID, params: [now, lookup.hubId, serviceId] };
  if (lookup.identifierKey !== undefined) return { sql: CLAIM_BY_IDENTIFIER, params: [now, serviceId, lookup.identifierKey] };
  if (lookup.start === '') return undefined;
  const time = [now, serviceId, lookup.start, lookup.end];
  if (lookup.scheduleIdentifierKey !== undefined) return { sql: CLAIM_BY_SCHEDULE_TIME, params: [...time, lookup.scheduleIdentifierKey] };
  return { sql: CLAIM_BY_TIME, params: time };
}

interface ClaimedRow {
  id: string;
  schedule_id: string;
  start_at: string;
  end_at: string;
}

const SET_BUSY = `UPDATE slot SET status = 'busy', version = version + 1, last_updated = $1`;
const RETURNING = `AND status = 'free' RETURNING id, schedule_id, start_at, end_at`;
const CLAIM_BY_ID = new Sql('hub_slot_claim_id', `${SET_BUSY} WHERE id = $2 AND service_id = $3 ${RETURNING}`);
const CLAIM_BY_IDENTIFIER = new Sql(
  'hub_slot_claim_identifier',
  `${SET_BUSY} WHERE id = (SELECT id FROM slot WHERE service_id = $2 AND identifier_key = $3 AND status = 'free' LIMIT 1) ${RETURNING}`,
);
const CLAIM_BY_TIME = new Sql(
  'hub_slot_claim_time',
  `${SET_BUSY} WHERE id = (SELECT id FROM slot WHERE service_id = $2 AND start_at = $3 AND end_at = $4 AND status = 'free' LIMIT 1) ${RETURNING}`,
);
export const CLAIM_BY_SCHEDULE_TIME = new Sql(
  'hub_slot_claim_schedule_time',
  `${SET_BUSY} WHERE id = (SELECT s.id FROM slot s JOIN schedule c ON c.id = s.schedule_id
     WHERE s.service_id = $2 AND s.start_at = $3 AND s.end_at = $4 AND c.identifier_key = $5 AND s.status = 'free' LIMIT 1) ${RETURNING}`,
);
