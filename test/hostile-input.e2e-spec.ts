import { gzipSync } from 'node:zlib';
import { ADMIN_TOKEN, startHub, type Hub } from './support/hub';
import { call, publish, type Answer } from './support/http';
import { DOS_ID, availability, barsHeaders, bookingMessage, futureSlot, resource, targetHeader, type Json } from './support/messages';

const NUL = '\u0000';
const admin = { Authorization: `Bearer ${ADMIN_TOKEN}`, 'Content-Type': 'application/fhir+json' };
const fhirJson = { 'Content-Type': 'application/fhir+json' };
const deepArray = (levels: number): string => `${'['.repeat(levels)}${']'.repeat(levels)}`;
const deepAppointment = (levels: number): string => `{"resourceType":"Appointment","status":"booked","description":${deepArray(levels)}}`;

/** A booking of slot 0 with one change made by `edit`. */
function booking(edit: (b: Json) => void): Json {
  const b = bookingMessage(futureSlot(0));
  edit(b);
  return b;
}
const patient = (b: Json): Json => resource(b, 'Patient');

/** Refused by the api with a 4xx OperationOutcome that names what was wrong, never a 5xx. */
function expectRefused(answer: Answer, element: RegExp): void {
  expect(answer.status).toBeGreaterThanOrEqual(400);
  expect(answer.status).toBeLessThan(500);
  expect(answer.body.resourceType).toBe('OperationOutcome');
  expect(answer.body.issue[0].details.coding[0].code).toMatch(/^REC_[A-Z_]+$/);
  expect(answer.body.issue[0].diagnostics ?? '').toMatch(element);
  expect(answer.text).not.toContain(NUL);
}

describe('hostile bytes and shapes are refused at the edge', () => {
  let hub: Hub;
  beforeAll(async () => {
    hub = await startHub();
    expect((await publish(hub, availability([futureSlot(0)]))).status).toBe(200);
  });
  afterAll(() => hub?.stop());

  const message = (bundle: Json | string, headers: Record<string, string> = barsHeaders()): Promise<Answer> =>
    call(hub, 'POST', '/$process-message', { headers, body: bundle });

  const messages: Array<[string, () => Promise<Answer>, RegExp]> = [
    [
      'NUL in the NHSD-Target-Identifier value',
      () => message(bookingMessage(futureSlot(0)), barsHeaders({ 'NHSD-Target-Identifier': targetHeader(`111${NUL}111`) })),
      /NHSD-Target-Identifier/,
    ],
    [
      'NUL in NHSD-End-User-Organisation',
      () =>
        message(
          bookingMessage(futureSlot(0)),
          barsHeaders({ 'NHSD-End-User-Organisation': Buffer.from(JSON.stringify({ resourceType: `Org${NUL}` })).toString('base64') }),
        ),
      /NHSD-End-User-Organisation/,
    ],
    ['NUL in Bundle.id', () => message(booking((b) => (b.id = `abc${NUL}`))), /Bundle\.id/],
    [
      'NUL in MessageHeader.source.endpoint',
      () => message(booking((b) => (resource(b, 'MessageHeader').source.endpoint = `https://x${NUL}`))),
      /source\.endpoint/,
    ],
    [
      'NUL in the destination service id',
      () =>
        message(
          booking((b) => (resource(b, 'MessageHeader').destination[0].endpoint = `https://fhir.nhs.uk/Id/dos-service-id|${DOS_ID}${NUL}`)),
        ),
      /destination\[0\]\.endpoint/,
    ],
    ['NUL in the patient name', () => message(booking((b) => (patient(b).name[0].family = `Smith${NUL}`))), /name\[0\]\.family/],
    ['NUL in the birth date', () => message(booking((b) => (patient(b).birthDate = `1980-01-0${NUL}`))), /birthDate/],
    ['NUL in the postcode', () => message(booking((b) => (patient(b).address[0].postalCode = `LS1${NUL}`))), /postalCode/],
    ['NUL in the NHS number', () => message(booking((b) => (patient(b).identifier[0].value = `943${NUL}`))), /identifier\[0\]\.value/],
    ['a control character in a string', () => message(booking((b) => (patient(b).name[0].family = 'Smi\u0007th'))), /name\[0\]\.family/],
    [
      'an NHS number longer than any NHS number',
      () => message(booking((b) => (patient(b).identifier[0].value = '9'.repeat(40)))),
      /NHS number|identifier/,
    ],
    [
      'a 300,000-deep array in Appointment.description',
      () => message(JSON.stringify(bookingMessage(futureSlot(0))).replace(/"description":"[^"]*"/, `"description":${deepArray(300_000)}`)),
      /deep/,
    ],
    [
      'Content-Encoding: gzip with a body that is not gzip',
      () => message(JSON.stringify(bookingMessage(futureSlot(0))), { ...barsHeaders(), 'Content-Encoding': 'gzip' }),
      /gzip|encod/i,
    ],
  ];
  it.each(messages)('$process-message: %s', async (_what, send, element) => {
    expectRefused(await send(), element);
    // Decided before queueing: nothing was stored.
    expect((await hub.sql.query('SELECT count(*)::int n FROM inbox_message')).rows[0].n).toBe(0);
  });

  it('accepts a real gzip body (Content-Encoding is honoured, not refused)', async () => {
    const res = await fetch(`${hub.baseUrl}/$process-message`, {
      method: 'POST',
      headers: { ...barsHeaders(), 'Content-Encoding': 'gzip' },
      body: gzipSync(JSON.stringify({ resourceType: 'Bundle', id: `x${NUL}` })),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as Json).issue[0].diagnostics).toMatch(/Bundle\.id/);
  });

  const rest: Array<[string, string, string, Record<string, string>, string | undefined, RegExp]> = [
    ['POST /Appointment, 200,000-deep array', 'POST', '/Appointment', { ...barsHeaders(), ...fhirJson }, deepAppointment(200_000), /deep/],
    [
      'PUT /Appointment, 200,000-deep array',
      'PUT',
      '/Appointment/6f1c3f30-3f5e-4d53-9a77-3a3b1c1f0003',
      { ...barsHeaders(), ...fhirJson },
      deepAppointment(200_000),
      /deep/,
    ],
    [
      'POST /Appointment, NUL in a string',
      'POST',
      '/Appointment',
      { ...barsHeaders(), ...fhirJson },
      JSON.stringify({ resourceType: 'Appointment', description: NUL }),
      /description/,
    ],
    ['GET /Appointment/<NUL>', 'GET', '/Appointment/%00', barsHeaders(), undefined, /path/],
    [
      'GET /Slot with NUL in Schedule.actor:HealthcareService',
      'GET',
      `/Slot?Schedule.actor:HealthcareService=https://fhir.nhs.uk/Id/dos-service-id|1%00&status=free`,
      barsHeaders(),
      undefined,
      /Schedule\.actor:HealthcareService/,
    ],
    ['GET /MessageDefinition with NUL in context', 'GET', '/MessageDefinition?context=booking%00', barsHeaders(), undefined, /context/],
    [
      'GET /DocumentReference with NUL in the NHS number',
      'GET',
      '/DocumentReference?subject:identifier=https://fhir.nhs.uk/Id/nhs-number|9%00',
      barsHeaders(),
      undefined,
      /subject:identifier/,
    ],
    ['a query parameter of 5,000 characters', 'GET', `/MessageDefinition?context=${'a'.repeat(5000)}`, barsHeaders(), undefined, /context/],
    ['GET /admin/messages?requestId=<NUL>', 'GET', '/admin/messages?requestId=%00', admin, undefined, /requestId/],
    [
      'GET /admin/messages?requestId=<300 characters>',
      'GET',
      `/admin/messages?requestId=${'a'.repeat(300)}`,
      admin,
      undefined,
      /requestId/,
    ],
  ];
  it.each(rest)('%s', async (_what, method, path, headers, body, element) => {
    expectRefused(await call(hub, method, path, { headers, body }), element);
  });

  const published: Array<[string, (b: Json) => void, RegExp]> = [
    ['NUL in the DoS id', (b) => (b.entry[0].resource.identifier[0].value = `1${NUL}`), /identifier\[0\]\.value/],
    ['a 300-character DoS id', (b) => (b.entry[0].resource.identifier[0].value = '1'.repeat(300)), /identifier|DoS/],
    ['NUL in a Schedule identifier', (b) => (b.entry[1].resource.identifier[0].value = `D${NUL}`), /identifier\[0\]\.value/],
    [
      'NUL in a Slot identifier',
      (b) => (b.entry[2].resource.identifier = [{ system: 'https://x', value: `S${NUL}` }]),
      /identifier\[0\]\.value/,
    ],
  ];
  it.each(published)('POST /admin/availability: %s', async (_what, edit, element) => {
    const bundle = availability([futureSlot(5)]);
    edit(bundle);
    expectRefused(await call(hub, 'POST', '/admin/availability', { headers: admin, body: bundle }), element);
  });

  it('POST /admin/availability: a 200,000-deep array', async () => {
    expectRefused(
      await call(hub, 'POST', '/admin/availability', {
        headers: admin,
        body: `{"resourceType":"Bundle","type":"collection","entry":${deepArray(200_000)}}`,
      }),
      /deep/,
    );
  });

  it('keeps serving afterwards', async () => {
    expect((await call(hub, 'GET', '/metadata')).status).toBe(200);
  });
});
