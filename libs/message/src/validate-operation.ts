import { parseAppointmentChange } from './appointment-change';
import { parseBookingRequest, refusePastSlot } from './booking-request';
import type { InboundMessage } from './inbound-message';

/**
 * The gate's check of a message's own parts (BARS.md §6): the very rules the worker applies when it parses
 * them, so that a message the worker would refuse is refused before it is queued. Nothing is kept: the
 * worker is another process and parses the stored Bundle, which is what it books from.
 */
export function validateOperation(message: InboundMessage, now: string): void {
  if (message.operation === 'book') {
    const request = parseBookingRequest(message);
    // Known from the message when it carries the Slot; a slot named by the hub's id is checked by the worker.
    if (request.slot.start !== '') refusePastSlot(request.slot.start, now);
  } else parseAppointmentChange(message);
}
