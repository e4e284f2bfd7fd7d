import {
  RecError,
  Systems,
  pathOf,
  walkJson,
  normaliseSystem,
  sameSystem,
  splitToken,
  type Appointment,
  type Bundle,
  type MessageHeader,
} from '@hub/fhir';
import { BundleIndex, checkFullUrls, checkReference } from './bundle-index';
import { checkBundleElements, elementShapeError } from './element-shape';
import { classify, type MessageOperation } from './classify';

/** A message Bundle that passed the structural gate, with the parts every handler needs. */
export interface InboundMessage {
  bundle: Bundle;
  index: BundleIndex;
  header: MessageHeader;
  event: string;
  reason: string;
  definition: string | undefined;
  operation: MessageOperation;
  /** DoS id from `MessageHeader.destination[0].endpoint`. */
  destinationService: string;
  /** `MessageHeader.source.endpoint`, kept so the hub can reply asynchronously. */
  sourceEndpoint: string | undefined;
  appointment: Appointment;
  /** The Appointment entry's fullUrl ({@link entryKey} form): references made from it resolve against it. */
  appointmentFullUrl: string;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function codeOf(codings: unknown, system: string): string | undefined {
  const list = Array.isArray(codings) ? codings : [codings];
  for (const c of list) {
    if (
      isObject(c) &&
      typeof c.code === 'string' &&
      (c.system === undefined || (typeof c.system === 'string' && sameSystem(c.system, system)))
    ) {
      return c.code.trim();
    }
  }
  return undefined;
}

/** Checks the envelope (BARS.md §6 steps 6, 8, 11) and returns the message's typed view. */
export function parseInboundMessage(body: unknown): InboundMessage {
  if (!isObject(body) || body.resourceType !== 'Bundle') {
    throw RecError.badRequest('invalid', 'The request body must be a FHIR Bundle');
  }
  if (body.type !== 'message') throw RecError.badRequest('invalid', 'Bundle.type must be "message"');
  checkBundleElements(body);
  if (!Array.isArray(body.entry) || body.entry.length === 0) {
    throw RecError.badRequest('structure', 'Bundle.entry must hold the MessageHeader and the resources it refers to');
  }
  for (const [i, e] of body.entry.entries()) {
    if (!isObject(e) || !isObject(e.resource) || typeof e.resource.resourceType !== 'string') {
      throw RecError.badRequest('structure', `Bundle.entry[${i}] must hold a resource with a resourceType`);
    }
  }
  const bundle = body as unknown as Bundle;
  const header = bundle.entry?.[0]?.resource;
  if (header?.resourceType !== 'MessageHeader') {
    throw RecError.badRequest('structure', 'The first entry of a message Bundle must be its MessageHeader');
  }
  const event = isObject(header.eventCoding) ? codeOf(header.eventCoding, Systems.messageEvents) : undefined;
  if (event === undefined) throw RecError.badRequest('required', 'MessageHeader.eventCoding.code is required');
  const reason = codeOf(header.reason?.coding, Systems.messageReasons);
  if (reason === undefined) throw RecError.badRequest('required', 'MessageHeader.reason.coding.code is required');

  checkFullUrls(bundle);
  const index = new BundleIndex(bundle);
  const headerUrl = typeof bundle.entry?.[0]?.fullUrl === 'string' ? bundle.entry[0].fullUrl : undefined;
  const focusRef = Array.isArray(header.focus) ? header.focus[0]?.reference : undefined;
  const appointment = index.resolve(focusRef, 'Appointment', headerUrl);
  const definition = typeof header.definition === 'string' ? header.definition : undefined;
  // A booking's focus is its Appointment; other events are named as unsupported by `classify` below.
  if (event === 'booking-request' && (appointment === undefined || focusRef === undefined)) {
    throw RecError.badRequest('required', 'MessageHeader.focus must reference the Appointment entry of the Bundle');
  }
  const operation = classify({ event, reason, status: appointment?.status, definition });
  const appointmentFullUrl = index.urlOf(focusRef, headerUrl);
  if (appointment === undefined || appointmentFullUrl === undefined) {
    throw RecError.badRequest('required', 'MessageHeader.focus must reference the Appointment entry of the Bundle');
  }

  const endpoint = Array.isArray(header.destination) ? header.destination[0]?.endpoint : undefined;
  const token = typeof endpoint === 'string' ? splitToken(endpoint) : undefined;
  if (token === undefined) {
    throw RecError.badRequest(
      'required',
      'MessageHeader.destination.endpoint must be "https://fhir.nhs.uk/Id/dos-service-id|<service id>"',
    );
  }
  if (normaliseSystem(token.system) !== normaliseSystem(Systems.dosServiceId)) {
    throw RecError.badRequest(
      'invalid',
      'MessageHeader.destination.endpoint must name a service by its DoS id (https://fhir.nhs.uk/Id/dos-service-id)',
    );
  }
  return {
    bundle,
    index,
    header,
    event,
    reason,
    definition,
    operation,
    destinationService: token.value,
    sourceEndpoint: typeof header.source?.endpoint === 'string' ? header.source.endpoint : undefined,
    appointment,
    appointmentFullUrl,
  };
}

/**
 * What the hub needs of a whole message before it reads its parts (after its MessageDefinition's
 * cardinalities, whose refusal names the missing resource): every reference resolves to an entry, every
 * date the hub reads or echoes back is a FHIR date, dateTime or instant, and every element has the JSON
 * shape R4 gives it where that is known without StructureDefinitions ({@link elementShapeError}); 400
 * otherwise. One walk per entry for all three: every message passes here.
 */
export function checkMessageIntegrity(message: InboundMessage): void {
  const { bundle, index } = message;
  (bundle.entry ?? []).forEach((entry, i) => {
    const from = (entry.fullUrl ?? '').trim();
    const type = entry.resource?.resourceType ?? 'Resource';
    walkJson(entry.resource, (key, value, holder, atRoot) => {
      const error = elementShapeError(type, key, value, holder, atRoot);
      if (error) throw error;
      if (key === 'contained') return false;
      if (typeof value === 'string' && key === 'reference') {
        checkReference(index, value.trim(), from, () => `${pathOf(type, holder)}.reference (Bundle.entry[${i}])`);
      }
    });
  });
}
