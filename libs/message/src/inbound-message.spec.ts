import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type RecError, type Bundle, type FhirResource, type MessageHeader } from '@hub/fhir';
import { checkMessageIntegrity, parseInboundMessage as parseOnly } from './inbound-message';
import { rejectionOf } from '../../../test/support/rec-error';

/** As the gate reads a message: parsed, then checked whole. */
function parseInboundMessage(body: unknown): ReturnType<typeof parseOnly> {
  const message = parseOnly(body);
  checkMessageIntegrity(message);
  return message;
}

// Published examples live in <root>/test/fixtures (test/fixtures/PROVENANCE.md); this file is at <root>/libs/message/src.
const FIXTURES = resolve(__dirname, '../../../test/fixtures/bars/api-1.4.0/process_message/request');
const load = (name: string): Bundle => JSON.parse(readFileSync(resolve(FIXTURES, name), 'utf8'));
const BOOKING: Bundle = load('Booking (POST).json');
/** Patient data in the fixture that must never reach `diagnostics`. */
const PATIENT_DATA = ['9476719931', 'Chalmers', 'Peter', '1974-12-25'];

type Of<K extends FhirResource['resourceType']> = Extract<FhirResource, { resourceType: K }>;
function resource<K extends FhirResource['resourceType']>(bundle: Bundle, type: K): Of<K> {
  const found = bundle.entry?.find((e) => e.resource?.resourceType === type)?.resource;
  if (found === undefined) throw new Error(`fixture has no ${type}`);
  return found as Of<K>;
}
const header = (bundle: Bundle): MessageHeader => resource(bundle, 'MessageHeader');

const rejection = (body: unknown): RecError => rejectionOf(() => parseInboundMessage(body), PATIENT_DATA);

describe('parseInboundMessage with the official Booking (POST) example', () => {
  it('reads a new booking', () => {
    const bundle = structuredClone(BOOKING);
    const message = parseInboundMessage(bundle);
    expect(message).toMatchObject({
      event: 'booking-request',
      reason: 'new',
      definition: 'https://fhir.nhs.uk/MessageDefinition/bars-message-booking-request',
      operation: 'book',
      destinationService: '111111111',
      sourceEndpoint: 'http://fhir.nhs.uk/Id/dos-service-id|2222222222',
      appointmentFullUrl: 'urn:uuid:aca94bdb-2e38-4399-9ece-2ba083ce65b5',
    });
    expect(message.bundle).toBe(bundle);
    expect(message.header).toBe(header(bundle));
    expect(message.appointment).toBe(resource(bundle, 'Appointment'));
    expect(message.appointment.status).toBe('booked');
    expect(message.index.resolve('urn:uuid:788660eb-d2c9-4773-abd4-318484673fb2', 'Patient')).toBe(resource(bundle, 'Patient'));
  });

  it.each([
    'https://fhir.nhs.uk/Id/dos-service-id|2000072489',
    'https://fhir.nhs.uk/id/dos-service-id|2000072489',
    'HTTP://FHIR.NHS.UK/Id/dos-service-id/ | 2000072489 ',
  ])('accepts the destination endpoint %p', (endpoint) => {
    const bundle = structuredClone(BOOKING);
    header(bundle).destination = [{ endpoint }];
    expect(parseInboundMessage(bundle).destinationService).toBe('2000072489');
  });

  it('reads a cancel with reason update', () => {
    const bundle = structuredClone(BOOKING);
    header(bundle).reason = { coding: [{ system: 'https://fhir.nhs.uk/CodeSystem/message-reason-bars', code: 'update' }] };
    resource(bundle, 'Appointment').status = 'cancelled';
    expect(parseInboundMessage(bundle).operation).toBe('cancel');
  });

  it('rejects the official ValidationRequest (servicerequest-request) example as 422 not-supported', () => {
    const e = rejection(load('ValidationRequest (POST) .json'));
    expect([e.status, e.code, e.issue]).toEqual([422, 'REC_UNPROCESSABLE_ENTITY', 'not-supported']);
  });

  it.each<[string, unknown]>([
    ['null', null],
    ['an array', [BOOKING]],
    ['a string', JSON.stringify(BOOKING)],
    ['a Parameters resource', { ...structuredClone(BOOKING), resourceType: 'Parameters' }],
  ])('rejects %s as a body with 400 invalid', (_label, body) => {
    const e = rejection(body);
    expect([e.status, e.code, e.issue]).toEqual([400, 'REC_BAD_REQUEST', 'invalid']);
    expect(e.diagnostics).toBe('The request body must be a FHIR Bundle');
  });

  it.each<[string, (b: Bundle) => void, number, string, string]>([
    ['type collection', (b) => (b.type = 'collection'), 400, 'REC_BAD_REQUEST', 'invalid'],
    ['no type', (b) => delete (b as Partial<Bundle>).type, 400, 'REC_BAD_REQUEST', 'invalid'],
    ['no entries', (b) => (b.entry = []), 400, 'REC_BAD_REQUEST', 'structure'],
    ['an entry without a resource', (b) => b.entry?.push({ fullUrl: 'urn:uuid:x' }), 400, 'REC_BAD_REQUEST', 'structure'],
    ['the Appointment first', (b) => b.entry?.splice(0, 2, b.entry[1], b.entry[0]), 400, 'REC_BAD_REQUEST', 'structure'],
    ['no eventCoding', (b) => delete (header(b) as Partial<MessageHeader>).eventCoding, 400, 'REC_BAD_REQUEST', 'required'],
    [
      'an eventCoding from another system',
      (b) => (header(b).eventCoding = { system: 'http://example.org/events', code: 'booking-request' }),
      400,
      'REC_BAD_REQUEST',
      'required',
    ],
    ['no reason', (b) => delete header(b).reason, 400, 'REC_BAD_REQUEST', 'required'],
    [
      'event booking-response',
      (b) => (header(b).eventCoding = { ...header(b).eventCoding, code: 'booking-response' }),
      400,
      'REC_BAD_REQUEST',
      'invariant',
    ],
    [
      'event servicerequest-request',
      (b) => (header(b).eventCoding = { ...header(b).eventCoding, code: 'servicerequest-request' }),
      422,
      'REC_UNPROCESSABLE_ENTITY',
      'not-supported',
    ],
    ['Appointment status proposed', (b) => (resource(b, 'Appointment').status = 'proposed'), 400, 'REC_BAD_REQUEST', 'invariant'],
    ['no destination', (b) => delete header(b).destination, 400, 'REC_BAD_REQUEST', 'required'],
    [
      'a destination endpoint without "|"',
      (b) => (header(b).destination = [{ endpoint: '111111111' }]),
      400,
      'REC_BAD_REQUEST',
      'required',
    ],
    [
      'a destination endpoint with another system',
      (b) => (header(b).destination = [{ endpoint: 'https://fhir.nhs.uk/Id/ods-organization-code|111111111' }]),
      400,
      'REC_BAD_REQUEST',
      'invalid',
    ],
  ])('rejects a message with %s', (_label, mutate, status, code, issue) => {
    const bundle = structuredClone(BOOKING);
    mutate(bundle);
    const e = rejection(bundle);
    expect([e.status, e.code, e.issue]).toEqual([status, code, issue]);
  });

  it.each<[string, (b: Bundle) => void]>([
    ['no focus', (b) => delete header(b).focus],
    ['a focus on the Patient', (b) => (header(b).focus = [{ reference: 'urn:uuid:788660eb-d2c9-4773-abd4-318484673fb2' }])],
    ['a focus on a missing entry', (b) => (header(b).focus = [{ reference: 'urn:uuid:00000000-0000-4000-8000-000000000000' }])],
  ])('rejects a message with %s as 400', (_label, mutate) => {
    const bundle = structuredClone(BOOKING);
    mutate(bundle);
    const e = rejection(bundle);
    expect([e.status, e.code, e.issue]).toEqual([400, 'REC_BAD_REQUEST', 'required']);
    expect(e.diagnostics).toContain('MessageHeader.focus');
  });

  it.each<[string, (b: Bundle) => void, string]>([
    ['an entry without fullUrl', (b) => delete b.entry?.[2].fullUrl, 'Bundle.entry[2].fullUrl is required'],
    [
      'a relative reference from a RESTful entry to no entry',
      (b) => {
        const appointment = b.entry?.[1];
        if (appointment) appointment.fullUrl = 'https://sender.example.org/fhir/Appointment/a1';
        header(b).focus = [{ reference: 'https://sender.example.org/fhir/Appointment/a1' }];
        resource(b, 'Appointment').slot = [{ reference: 'Slot/s1' }];
      },
      'Appointment.slot[0].reference (Bundle.entry[1]) does not resolve to an entry of the Bundle',
    ],
  ])('rejects a message with %s as 400 (BaRS: every entry has a fullUrl, every reference resolves)', (_label, mutate, diagnostics) => {
    const bundle = structuredClone(BOOKING);
    mutate(bundle);
    const e = rejection(bundle);
    expect([e.status, e.code]).toEqual([400, 'REC_BAD_REQUEST']);
    expect(e.diagnostics).toBe(diagnostics);
  });

  it('resolves absolute fullUrls and relative references against a RESTful entry base (FHIR Bundle rules)', () => {
    const bundle = structuredClone(BOOKING);
    const base = 'https://sender.example.org/fhir';
    const urls = new Map<string, string>();
    for (const entry of bundle.entry ?? []) {
      const r = entry.resource as FhirResource;
      const url = `${base}/${r.resourceType}/${(entry.fullUrl as string).slice(9)}`;
      urls.set(entry.fullUrl as string, url);
      entry.fullUrl = url;
    }
    const rewrite = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(rewrite);
      else if (node !== null && typeof node === 'object') {
        for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
          if (k === 'reference' && typeof v === 'string' && urls.has(v)) {
            // Relative from the Appointment, absolute elsewhere: both are FHIR's ways.
            (node as Record<string, string>)[k] = (urls.get(v) as string).replace(`${base}/`, '');
          } else rewrite(v);
        }
      }
    };
    rewrite(bundle.entry);
    header(bundle).focus = [{ reference: urls.get('urn:uuid:aca94bdb-2e38-4399-9ece-2ba083ce65b5') }];
    const message = parseInboundMessage(bundle);
    expect(message.appointmentFullUrl).toBe(`${base}/Appointment/aca94bdb-2e38-4399-9ece-2ba083ce65b5`);
    const slotRef = resource(bundle, 'Appointment').slot?.[0]?.reference;
    expect(slotRef).toBe('Slot/deb4c4b3-870b-4599-84df-5e54cef7afda');
    expect(message.index.resolve(slotRef, 'Slot', message.appointmentFullUrl)).toBe(resource(bundle, 'Slot'));
    expect(message.index.resolve(slotRef, 'Slot')).toBeUndefined();
  });
});
