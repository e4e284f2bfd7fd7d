import { MessageDefinitions, RecError, normaliseSystem } from '@hub/fhir';

/**
 * What a booking message asks for, from `(eventCoding, reason, focus status, definition)`
 * (BARS.md §2.3 and the Standard-Pattern-For-Composites pseudo-code). Whether an `update` moves the
 * appointment to another slot (a rebook) needs the database, so the worker decides that.
 */
export type MessageOperation = 'book' | 'update' | 'cancel';

export interface Workflow {
  event: string;
  reason: string;
  status: string | undefined;
  definition: string | undefined;
}

const CANCELLED = ['cancelled', 'entered-in-error'];

export function classify({ event, reason, status, definition }: Workflow): MessageOperation {
  if (event === 'servicerequest-request' || event === 'servicerequest-response') {
    throw RecError.unprocessable('not-supported', `This receiver processes booking messages; ${event} is not supported`);
  }
  if (event !== 'booking-request') {
    throw RecError.badRequest('invariant', `MessageHeader.eventCoding "${event}" is not a request this receiver can process`);
  }
  // Canonical references may carry a `|version` suffix.
  const cancelDefinition =
    definition !== undefined && normaliseSystem(definition.split('|')[0]) === normaliseSystem(MessageDefinitions.bookingRequestCancelled);
  const cancelled = status !== undefined && CANCELLED.includes(status);
  if (reason === 'new' && status === 'booked') return 'book';
  if ((reason === 'update' || reason === 'delete') && cancelled) return 'cancel';
  // The IG's only cancel example (BOOKREQ02) says reason "new" with the cancelled definition (BARS.md §8.1).
  if (reason === 'new' && cancelled && cancelDefinition) return 'cancel';
  if (reason === 'update' && status === 'booked') return 'update';
  throw RecError.badRequest(
    'invariant',
    `The combination of event "${event}", reason "${reason}" and Appointment.status "${status ?? '(none)'}" is not defined by BaRS`,
  );
}
