import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { RecError, type Bundle, type FhirResource, type Slot } from '@hub/fhir';
import { identifierKey, nhsNumberOf, parseBookingRequest, type BookingRequest } from './booking-request';
import { checkMessageIntegrity, parseInboundMessage as parseOnly } from './inbound-message';
import { rejectionOf } from '../../../test/support/rec-error';

/** As the gate reads a message: parsed, then checked whole. */
function parseInboundMessage(body: unknown): ReturnType<typeof parseOnly> {
  const message = parseOnly(body);
  checkMessageIntegrity(message);
  return message;
}

// Published examples live in <root>/test/fixtures (test/fixtures/PROVENANCE.md); this file is at <root>/libs/message/src.
const FIXTURE = resolve(__dirname, '../../../test/fixtures/bars/api-1.4.0/process_message/request/Booking (POST).json');
const BOOKING: Bundle = JSON.parse(readFileSync(FIXTURE, 'utf8'));
/** Patient data in the fixture that must never reach `diagnostics`. */
const PATIENT_DATA = ['9476719931', 'Chalmers', 'Peter', '1974-12-25'];
const SLOT_URL = 'urn:uuid:deb4c4b3-870b-4599-84df-5e54cef7afda';
const PATIENT_URL = 'urn:uuid:788660eb-d2c9-4773-abd4-318484673fb2';
const PRACTITIONER_URL = 'urn:uuid:6daaadd8-56e0-4d74-8350-1632331c5452';
const HUB_SLOT_ID = '3F2504E0-4F89-41D3-9A0C-0305E82C3301';

type Of<K extends FhirResource['resourceType']> = Extract<FhirResource, { resourceType: K }>;
function resource<K extends FhirResource['resourceType']>(bundle: Bundle, type: K): Of<K> {
  const found = bundle.entry?.find((e) => e.resource?.resourceType === type)?.resource;
  if (found === undefined) throw new Error(`fixture has no ${type}`);
  return found as Of<K>;
}

/** The example with the Appointment at its Slot's times (the published example's disagree), then `mutate`d. */
function parse(mutate: (b: Bundle) => void = () => undefined): BookingRequest {
  const bundle = structuredClone(BOOKING);
  Object.assign(resource(bundle, 'Appointment'), { start: resource(bundle, 'Slot').start, end: resource(bundle, 'Slot').end });
  mutate(bundle);
  return parseBookingRequest(parseInboundMessage(bundle));
}

const rejection = (mutate: (b: Bundle) => void): RecError => rejectionOf(() => parse(mutate), PATIENT_DATA);

describe('parseBookingRequest with the official Booking (POST) example', () => {
  it('finds the slot by schedule identifier, service and normalised times', () => {
    const request = parse();
    expect(request.slot).toEqual({
      hubId: undefined,
      identifierKey: undefined,
      scheduleIdentifierKey: 'https://system.supplier.co.uk/diary/id|8622dfdb-dc6a-47b6-b3a7-2eb2829db287',
      serviceDosId: '111111111',
      start: '2021-10-06T10:00:00.000Z',
      end: '2021-10-06T11:00:00.000Z',
    });
    expect(request.slotFullUrl).toBe(SLOT_URL);
  });

  it('finds the patient and its NHS number', () => {
    const request = parse();
    expect(request.patientFullUrl).toBe(PATIENT_URL);
    expect(request.patient.birthDate).toBe('1974-12-25');
    expect(request.nhsNumber).toBe('9476719931');
  });

  it('converts slot times with offsets and extra digits to UTC milliseconds', () => {
    const request = parse((b) => {
      resource(b, 'Slot').start = '2021-10-06T11:00:00.1234567+01:00';
      resource(b, 'Slot').end = '2021-10-06T06:00:00-05:00';
      Object.assign(resource(b, 'Appointment'), { start: '2021-10-06T10:00:00.123Z', end: '2021-10-06T11:00:00Z' });
    });
    expect([request.slot.start, request.slot.end]).toEqual(['2021-10-06T10:00:00.123Z', '2021-10-06T11:00:00.000Z']);
  });

  it('keys the slot by its own identifier when it has one', () => {
    const request = parse((b) => (resource(b, 'Slot').identifier = [{ system: 'http://Supplier.example/Slots/', value: ' S-1 ' }]));
    expect(request.slot.identifierKey).toBe('https://supplier.example/slots|S-1');
  });

  it("never reads the sender's Slot.id as the hub's: the slot is matched by schedule and times", () => {
    const request = parse((b) => (resource(b, 'Slot').id = HUB_SLOT_ID));
    expect(request.slot.hubId).toBeUndefined();
    expect(request.slot.start).toBe('2021-10-06T10:00:00.000Z');
  });

  it('takes a hub slot id from a relative reference to a Slot outside the Bundle (a slot of the receiver)', () => {
    const request = parse((b) => (resource(b, 'Appointment').slot = [{ reference: `Slot/${HUB_SLOT_ID}` }]));
    expect(request.slot).toMatchObject({ hubId: HUB_SLOT_ID.toLowerCase(), serviceDosId: '111111111', start: '', end: '' });
    expect(request.slot.scheduleIdentifierKey).toBeUndefined();
    expect(request.slotFullUrl).toBeUndefined();
  });

  it("refuses Appointment times that are not the Slot's with 422, naming both", () => {
    const e = rejection((b) => (resource(b, 'Appointment').start = '2021-10-06T12:00:00Z'));
    expect([e.status, e.code]).toEqual([422, 'REC_UNPROCESSABLE_ENTITY']);
    expect(e.diagnostics).toContain('Appointment.start');
    expect(e.diagnostics).toContain('Slot.start');
  });

  it.each<[string, (b: Bundle) => void, string]>([
    ['no Appointment.slot', (b) => delete resource(b, 'Appointment').slot, 'Appointment.slot must reference the Slot to book'],
    [
      'a slot without reference',
      (b) => (resource(b, 'Appointment').slot = [{ display: 'slot' }]),
      'Appointment.slot must reference the Slot to book',
    ],
    [
      'a slot reference to the Patient',
      (b) => (resource(b, 'Appointment').slot = [{ reference: PATIENT_URL }]),
      'Appointment.slot must reference a Slot entry of the Bundle or a Slot of this hub (Slot/<id>)',
    ],
    [
      "an absolute slot reference to another server's Slot",
      (b) => (resource(b, 'Appointment').slot = [{ reference: `https://elsewhere.example/fhir/Slot/${HUB_SLOT_ID}` }]),
      'Appointment.slot must reference a Slot entry of the Bundle or a Slot of this hub (Slot/<id>)',
    ],
  ])('rejects %s as 400 required', (_label, mutate, diagnostics) => {
    const e = rejection(mutate);
    expect([e.status, e.code, e.issue, e.diagnostics]).toEqual([400, 'REC_BAD_REQUEST', 'required', diagnostics]);
  });

  it.each<[string, (b: Bundle) => void]>([
    ['a slot reference to nothing', (b) => (resource(b, 'Appointment').slot = [{ reference: 'urn:uuid:not-in-bundle' }])],
    ['the Patient entry removed', (b) => (b.entry = b.entry?.filter((e) => e.resource?.resourceType !== 'Patient'))],
  ])('rejects %s (a reference to no entry) as 400 invalid', (_label, mutate) => {
    const e = rejection(mutate);
    expect([e.status, e.code, e.issue]).toEqual([400, 'REC_BAD_REQUEST', 'invalid']);
    expect(e.diagnostics).toMatch(/reference \(Bundle.entry\[1\]\) does not resolve to an entry of the Bundle$/);
  });

  it.each<[string, (b: Bundle) => void]>([
    ['a start without time zone', (b) => (resource(b, 'Slot').start = '2021-10-06T10:00:00')],
    ['a date-only start', (b) => (resource(b, 'Slot').start = '2021-10-06')],
    ['a start that is not a date', (b) => (resource(b, 'Slot').start = 'tomorrow')],
    ['no start', (b) => delete (resource(b, 'Slot') as Partial<Slot>).start],
    ['a bad end', (b) => (resource(b, 'Slot').end = '2021-10-06T11:00')],
  ])('rejects a slot with %s as 400 value', (_label, mutate) => {
    const e = rejection(mutate);
    expect([e.status, e.code, e.issue]).toEqual([400, 'REC_BAD_REQUEST', 'value']);
    expect(e.diagnostics).toMatch(/^Slot\.(start|end)( and Slot\.end)? must be (a )?FHIR instants? with a time zone$/);
  });

  // An empty list (`slot: []`, `participant: []`) is not FHIR JSON at all: the integrity walk refuses it
  // as 400 `structure` (element-shape.spec.ts) before these rules read it.
  it.each<[string, (b: Bundle) => void]>([
    ['no participants', (b) => Reflect.deleteProperty(resource(b, 'Appointment'), 'participant')],
    [
      'only a practitioner',
      (b) => (resource(b, 'Appointment').participant = [{ actor: { reference: PRACTITIONER_URL }, status: 'accepted' }]),
    ],
    ['a participant without actor', (b) => (resource(b, 'Appointment').participant = [{ status: 'accepted' }])],
  ])('rejects %s as 400 required', (_label, mutate) => {
    const e = rejection(mutate);
    expect([e.status, e.code, e.issue]).toEqual([400, 'REC_BAD_REQUEST', 'required']);
    expect(e.diagnostics).toBe('Appointment.participant must include an actor referencing the Patient entry');
  });
});

describe('nhsNumberOf', () => {
  it.each([
    ['canonical system', [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9476719931' }], '9476719931'],
    ['http and lower-case system, spaced digits', [{ system: 'http://fhir.nhs.uk/id/nhs-number', value: '947 671 9931' }], '9476719931'],
    [
      'another identifier first',
      [
        { system: 'https://example.org/mrn', value: 'M1' },
        { system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9476719931' },
      ],
      '9476719931',
    ],
    ['only a local identifier', [{ system: 'https://example.org/mrn', value: 'M1' }], undefined],
    ['no identifiers', undefined, undefined],
  ])('with %s', (_label, identifier, expected) => {
    expect(nhsNumberOf({ resourceType: 'Patient', identifier })).toBe(expected);
  });

  it.each(['  ', 'abc', '9476719932', '94767199311234567'])('refuses %p with 400 value', (value) => {
    expect(() => nhsNumberOf({ resourceType: 'Patient', identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value }] })).toThrow(
      RecError,
    );
  });
});

describe('identifierKey', () => {
  it('uses the first identifier with a system and a value', () => {
    expect(
      identifierKey([{ value: 'x' }, { system: 'https://a.example/', value: ' ' }, { system: 'HTTP://B.example/Id', value: ' v ' }]),
    ).toBe('https://b.example/id|v');
    expect(identifierKey([{ value: 'x' }])).toBeUndefined();
    expect(identifierKey(undefined)).toBeUndefined();
  });
});
