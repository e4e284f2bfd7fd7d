import { entryKey, refuseOtherTimes, refusePastSlot, type InboundMessage, type SlotRequest } from '@hub/message';
import type { ClaimedSlot } from './slot-resolver';

/**
 * What the stored slot says, checked against the message after the claim (a refusal rolls the claim
 * back): it starts in the future, and the Appointment's times, when given, are the slot's. The gate
 * checks the same against the message's Slot entry; a slot named by the hub's id is only known here.
 */
export function checkClaimed(request: SlotRequest, slot: ClaimedSlot, now: string): void {
  refusePastSlot(slot.startAt, now);
  if (request.appointmentTimes) refuseOtherTimes(request.appointmentTimes, { start: slot.startAt, end: slot.endAt });
}

/** Hub ids of the message's Slot, Schedule and Patient entries, for the answer. */
export function entryIds(
  request: SlotRequest,
  slot: ClaimedSlot,
  patientFullUrl: string | undefined,
  patientId: string,
): Record<string, string> {
  const ids: Record<string, string> = {};
  if (patientFullUrl) ids[patientFullUrl] = patientId;
  if (request.slotFullUrl) ids[request.slotFullUrl] = slot.id;
  if (request.scheduleFullUrl) ids[request.scheduleFullUrl] = slot.scheduleId;
  return ids;
}

/**
 * Entries of a message that carry an id this change just touched: a message built from an earlier answer
 * (the hub's own Slot and Patient, with the hub's ids) is answered with them as stored, a freed slot as
 * free. Only ids the hub holds for this change are matched, so a sender's own id is never taken for one.
 */
export function touchedEntryIds(message: InboundMessage, touched: Record<string, 'Slot' | 'Patient'>): Record<string, string> {
  const ids: Record<string, string> = {};
  for (const entry of message.bundle.entry ?? []) {
    const { resource, fullUrl } = entry;
    if (resource?.id === undefined || typeof fullUrl !== 'string') continue;
    if (touched[resource.id] === resource.resourceType) ids[entryKey(fullUrl)] = resource.id;
  }
  return ids;
}
