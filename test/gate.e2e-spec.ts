import { startHub, type Hub } from './support/hub';
import { call, postMessage, publish, recOf, type Answer } from './support/http';
import { availability, barsHeaders, bookingMessage, futureSlot, resource, targetHeader, type Json } from './support/messages';

const b64 = (s: string): string => Buffer.from(s).toString('base64');
const header = (b: Json): Json => b.entry[0].resource;

/** A second hosted service that takes GP bookings (use case a7t1) only. */
const GP_SERVICE = '222222222';
function toGpService(b: Json, useCase: string): Json {
  header(b).destination[0].endpoint = `https://fhir.nhs.uk/Id/dos-service-id|${GP_SERVICE}`;
  resource(b, 'Appointment').serviceCategory = [
    { coding: [{ system: 'https://fhir.nhs.uk/CodeSystem/usecases-categories-bars', code: useCase.toUpperCase() }] },
  ];
  return b;
}
function toCancelWithoutPatient(b: Json): Json {
  header(b).definition = 'https://fhir.nhs.uk/MessageDefinition/bars-message-booking-request-cancelled';
  header(b).reason.coding[0].code = 'update';
  resource(b, 'Appointment').status = 'cancelled';
  b.entry = b.entry.filter((e: Json) => e.resource.resourceType !== 'Patient');
  return b;
}

/** One row per way a request can be wrong, with the answer BaRS prescribes (spec §1.3, §4, §6). */
const cases: Array<[string, { headers?: Record<string, string | undefined>; body?: (b: Json) => unknown }, number, string, string]> = [
  ['no X-Request-Id', { headers: { 'X-Request-Id': undefined } }, 400, 'REC_BAD_REQUEST', 'required'],
  ['an X-Request-Id that is not a UUID', { headers: { 'X-Request-Id': 'not-a-uuid' } }, 400, 'REC_BAD_REQUEST', 'value'],
  ['no X-Correlation-Id', { headers: { 'X-Correlation-Id': undefined } }, 400, 'REC_BAD_REQUEST', 'required'],
  ['an X-Correlation-Id that is not a UUID', { headers: { 'X-Correlation-Id': '12345' } }, 400, 'REC_BAD_REQUEST', 'value'],
  ['no NHSD-Target-Identifier', { headers: { 'NHSD-Target-Identifier': undefined } }, 400, 'REC_BAD_REQUEST', 'required'],
  ['an NHSD-Target-Identifier that is not base64', { headers: { 'NHSD-Target-Identifier': '***' } }, 400, 'REC_BAD_REQUEST', 'invalid'],
  [
    'an NHSD-Target-Identifier that is not JSON',
    { headers: { 'NHSD-Target-Identifier': b64('dos-service-id') } },
    400,
    'REC_BAD_REQUEST',
    'invalid',
  ],
  [
    'an NHSD-Target-Identifier without a value',
    { headers: { 'NHSD-Target-Identifier': b64('{"system":"x"}') } },
    400,
    'REC_BAD_REQUEST',
    'structure',
  ],
  ['a body that is not JSON', { body: () => '{"resourceType": "Bundle",' }, 400, 'REC_BAD_REQUEST', 'structure'],
  ['an empty body', { body: () => '' }, 400, 'REC_BAD_REQUEST', 'required'],
  [
    'an XML body',
    { headers: { 'Content-Type': 'application/fhir+xml' }, body: () => '<Bundle/>' },
    400,
    'REC_BAD_REQUEST',
    'not-supported',
  ],
  ['a body that is not a Bundle', { body: (b) => resource(b, 'Appointment') }, 400, 'REC_BAD_REQUEST', 'invalid'],
  ['a JSON array', { body: () => [] }, 400, 'REC_BAD_REQUEST', 'invalid'],
  ['a collection Bundle', { body: (b) => ({ ...b, type: 'collection' }) }, 400, 'REC_BAD_REQUEST', 'invalid'],
  ['a Bundle without entries', { body: (b) => ({ ...b, entry: [] }) }, 400, 'REC_BAD_REQUEST', 'structure'],
  [
    'an entry without a resource',
    { body: (b) => ({ ...b, entry: [...b.entry, { fullUrl: 'urn:uuid:x' }] }) },
    400,
    'REC_BAD_REQUEST',
    'structure',
  ],
  [
    'a first entry that is not a MessageHeader',
    { body: (b) => ({ ...b, entry: [b.entry[1], b.entry[0], ...b.entry.slice(2)] }) },
    400,
    'REC_BAD_REQUEST',
    'structure',
  ],
  ['no eventCoding', { body: (b) => (delete header(b).eventCoding, b) }, 400, 'REC_BAD_REQUEST', 'required'],
  ['no reason', { body: (b) => (delete header(b).reason, b) }, 400, 'REC_BAD_REQUEST', 'required'],
  ['event booking-response', { body: (b) => ((header(b).eventCoding.code = 'booking-response'), b) }, 400, 'REC_BAD_REQUEST', 'invariant'],
  ['an unknown event', { body: (b) => ((header(b).eventCoding.code = 'appointment-request'), b) }, 400, 'REC_BAD_REQUEST', 'invariant'],
  [
    'a referral event',
    { body: (b) => ((header(b).eventCoding.code = 'servicerequest-request'), b) },
    422,
    'REC_UNPROCESSABLE_ENTITY',
    'not-supported',
  ],
  [
    'reason new with a cancelled Appointment',
    { body: (b) => ((resource(b, 'Appointment').status = 'cancelled'), b) },
    400,
    'REC_BAD_REQUEST',
    'invariant',
  ],
  [
    'a focus on the Patient',
    { body: (b) => ((header(b).focus = [{ reference: b.entry[2].fullUrl }]), b) },
    400,
    'REC_BAD_REQUEST',
    'required',
  ],
  ['no destination', { body: (b) => (delete header(b).destination, b) }, 400, 'REC_BAD_REQUEST', 'required'],
  [
    'a destination that is not a DoS id',
    { body: (b) => ((header(b).destination[0].endpoint = 'https://fhir.nhs.uk/Id/ods-organization-code|A1'), b) },
    400,
    'REC_BAD_REQUEST',
    'invalid',
  ],
  [
    'a destination this hub does not host',
    { body: (b) => ((header(b).destination[0].endpoint = 'https://fhir.nhs.uk/Id/dos-service-id|999'), b) },
    404,
    'REC_NOT_FOUND',
    'not-found',
  ],
  ['no Slot reference', { body: (b) => (delete resource(b, 'Appointment').slot, b) }, 400, 'REC_BAD_REQUEST', 'required'],
  [
    'a Slot without a time zone',
    { body: (b) => ((resource(b, 'Slot').start = '2031-01-06T00:00:00'), b) },
    400,
    'REC_BAD_REQUEST',
    'value',
  ],
  [
    'no Patient participant',
    // Only the location takes part (an empty list is not FHIR JSON: refused as `structure`, below).
    { body: (b) => ((resource(b, 'Appointment').participant = [{ actor: { display: 'Clinic' }, status: 'accepted' }]), b) },
    400,
    'REC_BAD_REQUEST',
    'required',
  ],
  [
    'an empty Appointment.participant',
    { body: (b) => ((resource(b, 'Appointment').participant = []), b) },
    400,
    'REC_BAD_REQUEST',
    'structure',
  ],
  ['a Bundle.id that is an object', { body: (b) => ((b.id = { a: 1 }), b) }, 400, 'REC_BAD_REQUEST', 'value'],
  ['a Bundle.timestamp that is a number', { body: (b) => ((b.timestamp = 5), b) }, 400, 'REC_BAD_REQUEST', 'value'],
  ['a Bundle.meta.profile that is not a string', { body: (b) => ((b.meta.profile = [{}]), b) }, 400, 'REC_BAD_REQUEST', 'structure'],
  // Once a TypeError in the R4 type check (the element table's lookup found Object's method): a 500.
  [
    'an element named like an Object method (Appointment.toString)',
    { body: (b) => (Object.assign(resource(b, 'Appointment'), { toString: 'x' }), b) },
    400,
    'REC_BAD_REQUEST',
    'structure',
  ],
  [
    'an entry.fullUrl that is an array',
    { body: (b) => ((b.entry[2].fullUrl = [b.entry[2].fullUrl]), b) },
    400,
    'REC_BAD_REQUEST',
    'structure',
  ],
  [
    'a version-specific fullUrl (bdl-8)',
    { body: (b) => ((b.entry[5].fullUrl = 'https://sender.example/fhir/Organization/1/_history/2'), b) },
    400,
    'REC_BAD_REQUEST',
    'invariant',
  ],
  [
    'a reference that is not a string',
    { body: (b) => ((resource(b, 'Slot').schedule.reference = [resource(b, 'Slot').schedule.reference]), b) },
    400,
    'REC_BAD_REQUEST',
    'structure',
  ],
  [
    'an identifier that is an object (on an entry the hub does not keep)',
    { body: (b) => ((b.entry[3].resource.identifier = { junk: 1 }), b) },
    400,
    'REC_BAD_REQUEST',
    'structure',
  ],
  [
    'an NHSD-Target-Identifier for a service not hosted here',
    { headers: { 'NHSD-Target-Identifier': targetHeader('999999') } },
    404,
    'REC_NOT_FOUND',
    'not-found',
  ],
  [
    'an NHSD-Target-Identifier that is not a DoS id',
    { headers: { 'NHSD-Target-Identifier': b64('{"system":"https://fhir.nhs.uk/Id/ods-organization-code","value":"A1"}') } },
    404,
    'REC_NOT_FOUND',
    'not-found',
  ],
  [
    'an Accept version this hub does not speak',
    { headers: { Accept: 'application/fhir+json; version=2.0.0' } },
    406,
    'REC_NOT_ACCEPTABLE',
    'processing',
  ],
  [
    'a Content-Type version this hub does not speak',
    { headers: { 'Content-Type': 'application/fhir+json;version=3.1.0' } },
    406,
    'REC_NOT_ACCEPTABLE',
    'processing',
  ],
  ['no Bundle.meta.versionId', { body: (b) => (delete b.meta.versionId, b) }, 400, 'REC_BAD_REQUEST', 'invariant'],
  [
    'an unsupported Bundle.meta.versionId',
    { body: (b) => ((b.meta.versionId = '9.0.0'), b) },
    422,
    'REC_UNPROCESSABLE_ENTITY',
    'not-supported',
  ],
  ['no MessageHeader.definition', { body: (b) => (delete header(b).definition, b) }, 400, 'REC_BAD_REQUEST', 'required'],
  [
    'an unknown MessageHeader.definition',
    { body: (b) => ((header(b).definition = 'https://fhir.nhs.uk/MessageDefinition/bars-message-other'), b) },
    422,
    'REC_UNPROCESSABLE_ENTITY',
    'not-supported',
  ],
  [
    'no Schedule (definition cardinality)',
    { body: (b) => ((b.entry = b.entry.filter((e: Json) => e.resource.resourceType !== 'Schedule')), b) },
    400,
    'REC_BAD_REQUEST',
    'required',
  ],
  [
    'one Organization only (definition needs 2..*)',
    { body: (b) => ((b.entry = b.entry.filter((e: Json, i: number) => e.resource.resourceType !== 'Organization' || i === 3)), b) },
    400,
    'REC_BAD_REQUEST',
    'required',
  ],
  [
    'two Patients (definition allows 1)',
    { body: (b) => (b.entry.push({ fullUrl: 'urn:uuid:second-patient', resource: { ...resource(b, 'Patient') } }), b) },
    400,
    'REC_BAD_REQUEST',
    'invariant',
  ],
  [
    'a use case the destination does not take',
    { headers: { 'NHSD-Target-Identifier': targetHeader(GP_SERVICE) }, body: (b) => toGpService(b, 'a1t1') },
    422,
    'REC_UNPROCESSABLE_ENTITY',
    'not-supported',
  ],
  [
    'an update without Appointment.meta.lastUpdated',
    { body: (b) => ((header(b).reason.coding[0].code = 'update'), delete resource(b, 'Appointment').meta.lastUpdated, b) },
    400,
    'REC_BAD_REQUEST',
    'required',
  ],
  ['a cancel without a Patient', { body: (b) => toCancelWithoutPatient(b) }, 400, 'REC_BAD_REQUEST', 'required'],
  [
    'a Slot that is not published',
    {
      body: (b) => {
        for (const type of ['Slot', 'Appointment'])
          Object.assign(resource(b, type), { start: '2040-01-01T09:00:00Z', end: '2040-01-01T10:00:00Z' });
        return b;
      },
    },
    409,
    'REC_CONFLICT',
    'conflict',
  ],
];

describe('the $process-message gate answers every bad request with the right OperationOutcome', () => {
  let hub: Hub;
  beforeAll(async () => {
    hub = await startHub();
    expect((await publish(hub, availability([futureSlot(100)]))).status).toBe(200);
    expect((await publish(hub, availability([futureSlot(100)], { dosId: GP_SERVICE, useCases: ['a7t1'] }))).status).toBe(200);
  });
  afterAll(() => hub?.stop());

  function expectOutcome(res: Answer, status: number, code: string, issue: string): void {
    expect({ status: res.status, ...recOf(res) }).toMatchObject({ status, code, issue, display: `${status} - ${code}` });
    expect(res.body.resourceType).toBe('OperationOutcome');
    expect(res.body.issue[0].details.coding[0].system).toBe('https://fhir.nhs.uk/CodeSystem/http-error-codes');
    expect(res.body.issue[0].severity).toBe('error');
    expect(res.text).not.toMatch(/\bat \S+ \(|node_modules|Error:/); // no stack trace
    for (const phi of ['9476719931', 'Chalmers', '1974-12-25', '07736312544']) expect(res.text).not.toContain(phi);
  }

  it.each(cases.map(([label, change, status, code, issue]) => [label, status, code, issue, change] as const))(
    '%s → %i %s %s',
    async (_label, status, code, issue, change) => {
      const headers = barsHeaders(change.headers);
      const body = change.body ? change.body(bookingMessage(futureSlot(100))) : bookingMessage(futureSlot(100));
      const res = await postMessage(hub, body, headers);
      expectOutcome(res, status, code, issue);
      if (headers['X-Request-Id']) expect(res.headers.get('x-request-id')).toBe(headers['X-Request-Id']);
    },
  );

  it('nothing that was refused at the gate was recorded or booked', async () => {
    const { rows } = await hub.sql.query(
      `SELECT (SELECT count(*) FROM appointment) a, (SELECT count(*) FROM inbox_message WHERE state = 'done') d`,
    );
    expect(rows[0]).toEqual({ a: '0', d: '0' });
  });

  it.each(['GET', 'PUT', 'DELETE', 'PATCH'])('%s on $process-message → 405 with Allow: POST', async (method) => {
    const res = await call(hub, method, '/$process-message', { headers: barsHeaders() });
    expectOutcome(res, 405, 'REC_METHOD_NOT_ALLOWED', 'not-supported');
    expect(res.headers.get('allow')).toBe('POST');
  });

  it('an unknown path → 404 OperationOutcome', async () => {
    expectOutcome(await call(hub, 'GET', '/Nothing/here'), 404, 'REC_NOT_FOUND', 'not-found');
  });

  it('GET /Appointment/{id}: a malformed id → 400 value, an unknown one → 404', async () => {
    expectOutcome(await call(hub, 'GET', '/Appointment/not-a-uuid'), 400, 'REC_BAD_REQUEST', 'value');
    expectOutcome(await call(hub, 'GET', '/Appointment/6f1c3f30-3f5e-4d53-9a77-3a3b1c1f0001'), 404, 'REC_NOT_FOUND', 'not-found');
  });

  it('takes a use case the destination lists, in any case', async () => {
    const res = await postMessage(
      hub,
      toGpService(bookingMessage(futureSlot(100)), 'a7t1'),
      barsHeaders({ 'NHSD-Target-Identifier': targetHeader(GP_SERVICE) }),
    );
    expect(res.status).toBe(200);
  });

  it('tolerates sloppy senders (§8): scheme, casing, 7 fractional digits, any offset, use-context ignored', async () => {
    const message = bookingMessage(futureSlot(100));
    header(message).destination[0].endpoint = 'http://fhir.nhs.uk/id/dos-service-id|111111111';
    header(message).eventCoding.system = 'https://fhir.nhs.uk/Codesystem/message-events-bars';
    header(message).reason.coding[0].system = 'http://fhir.nhs.uk/CodeSystem/message-reason-bars';
    // The published instants, written in another offset with 7 fractional digits.
    const slot = resource(message, 'Slot');
    slot.start = new Date(Date.parse(futureSlot(100).start) + 3_600_000).toISOString().replace('.000Z', '.0000000+01:00');
    slot.end = new Date(Date.parse(futureSlot(100).end) + 3_600_000).toISOString().replace('.000Z', '.0000000+01:00');
    const headers = barsHeaders({ Accept: 'application/fhir+json', 'use-context': 'nonsense|that|must|be-ignored' });
    const res = await postMessage(hub, message, headers);
    expect(res.status).toBe(200);
    const stored = (await hub.sql.query('SELECT start_at FROM slot WHERE id = $1', [resource(res.body, 'Slot').id])).rows[0];
    expect(stored.start_at).toBe(futureSlot(100).start);
  });
});
