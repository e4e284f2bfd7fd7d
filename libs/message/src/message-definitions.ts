import { MessageDefinitions, RecError, normaliseSystem, type Bundle } from '@hub/fhir';

type Cardinality = readonly [min: number, max: number];

/**
 * Resource cardinalities of the two booking MessageDefinitions (BARS.md §2.4, from the IG's
 * BARS-MessageDefinition-Booking-Request.xml and BARSMessageDefinitionBookingRequestCancelled.xml).
 * Resource types a definition does not list are not checked.
 */
const DEFINITIONS: Record<string, Record<string, Cardinality>> = {
  [MessageDefinitions.bookingRequest]: {
    MessageHeader: [1, 1],
    ServiceRequest: [0, 1],
    Patient: [1, 1],
    Location: [0, 1],
    Organization: [2, Infinity],
    HealthcareService: [1, 1],
    Appointment: [1, 1],
    Slot: [1, 1],
    Schedule: [1, 1],
  },
  [MessageDefinitions.bookingRequestCancelled]: {
    MessageHeader: [1, 1],
    Patient: [1, 1],
    Organization: [2, Infinity],
    Appointment: [1, 1],
  },
};

/** The booking MessageDefinitions this hub processes, with their resource cardinalities. */
export function bookingDefinitions(): Array<{ url: string; focus: Array<{ code: string; min: number; max: string }> }> {
  return Object.entries(DEFINITIONS).map(([url, card]) => ({
    url,
    focus: Object.entries(card).map(([code, [min, max]]) => ({ code, min, max: max === Infinity ? '*' : String(max) })),
  }));
}

/** The booking definition a canonical URL names (tolerating `http`, case and a `|version` suffix). */
export function bookingDefinition(definition: string | undefined): string | undefined {
  if (definition === undefined) return undefined;
  const wanted = normaliseSystem(definition.split('|')[0]);
  return Object.keys(DEFINITIONS).find((d) => normaliseSystem(d) === wanted);
}

/**
 * A message "must be rejected by the Receiver if it fails to" adhere to its MessageDefinition
 * (BARS.md §2.2): missing resources → 400 `required`, too many → 400 `invariant`.
 */
export function checkDefinition(bundle: Bundle, definition: string | undefined): void {
  if (definition === undefined) throw RecError.badRequest('required', 'MessageHeader.definition is required');
  const known = bookingDefinition(definition);
  if (known === undefined) {
    throw RecError.unprocessable('not-supported', 'MessageHeader.definition names a MessageDefinition this receiver does not support');
  }
  const counts = new Map<string, number>();
  for (const e of bundle.entry ?? []) {
    const type = e.resource?.resourceType;
    if (type !== undefined) counts.set(type, (counts.get(type) ?? 0) + 1);
  }
  const name = known.split('/').pop() as string;
  for (const [type, [min, max]] of Object.entries(DEFINITIONS[known])) {
    const n = counts.get(type) ?? 0;
    if (n < min) throw RecError.badRequest('required', `${name} requires at least ${min} ${type} resource(s); the Bundle has ${n}`);
    if (n > max) throw RecError.badRequest('invariant', `${name} allows at most ${max} ${type} resource(s); the Bundle has ${n}`);
  }
}
