import { RecError } from '@hub/fhir';
import type { SlotLookup } from '@hub/message';
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

/**
 * Claims the first free slot among the candidates for `lookup`: 409 when none is published or none is
 * free. `exceptId` leaves out the slot an appointment already holds (a rebook must move).
 */
export async function claimRequestedSlot(m: EntityManager, serviceId: string, lookup: SlotLookup, now: string): Promise<SlotEntity> {
  const candidates = await slotCandidates(m, serviceId, lookup);
  if (candidates.length === 0) {
    throw RecError.conflict('The requested Slot is not published by the destination service, so it cannot be booked');
  }
  for (const candidate of candidates) {
    if (candidate.status === 'free' && (await claimSlot(m, candidate.id, now))) return candidate;
  }
  throw RecError.conflict('The requested Slot is not free: it has been booked or withdrawn');
}
