import { randomUUID } from 'node:crypto';
import { restAppointment } from './support/answers';
import { startHub, type Hub } from './support/hub';
import { call, publish, recOf, type Answer } from './support/http';
import { availability, barsHeaders, futureSlot, type Json } from './support/messages';

const NHS = '9476719931';

describe('the FHIR REST surface: metadata, MessageDefinition, Slot and Appointment', () => {
  let hub: Hub;
  let slotIds: string[] = [];
  beforeAll(async () => {
    hub = await startHub();
    const res = await publish(hub, availability(Array.from({ length: 12 }, (_, i) => futureSlot(i))));
    slotIds = res.body.entry.filter((e: Json) => e.resource.resourceType === 'Slot').map((e: Json) => e.resource.id);
  });
  afterAll(() => hub?.stop());

  const get = (path: string, headers: Record<string, string> = {}): Promise<Answer> => call(hub, 'GET', path, { headers });
  const write = (method: string, path: string, body?: unknown, extra: Record<string, string> = {}): Promise<Answer> =>
    call(hub, method, path, { headers: { ...barsHeaders(), ...extra }, body });
  const expectRec = (res: Answer, status: number, code: string, issue: string): void =>
    expect({ status: res.status, ...recOf(res) }).toMatchObject({ status, code, issue });
  const newAppointment = (slotId: string, nhs = NHS): Json =>
    restAppointment(slotId, nhs, { birthDate: '1974-12-25', address: [{ postalCode: 'LS1 4HR' }] });
  /** Books through POST /Appointment; the answer must be the created Appointment, not an OperationOutcome. */
  const booked = async (slotId: string, nhs: string): Promise<string> => {
    const res = await write('POST', '/Appointment', newAppointment(slotId, nhs));
    expect({ status: res.status, resourceType: res.body.resourceType }).toEqual({ status: 201, resourceType: 'Appointment' });
    return res.body.id;
  };
  const slotStatus = async (id: string): Promise<string> =>
    (await hub.sql.query('SELECT status FROM slot WHERE id = $1', [id])).rows[0].status;

  describe('GET /metadata', () => {
    it('is generated from what the hub serves', async () => {
      const res = await get('/metadata');
      expect(res.status).toBe(200);
      const rest = res.body.rest[0];
      const appointment = rest.resource.find((r: Json) => r.type === 'Appointment');
      expect(appointment.interaction.map((i: Json) => i.code).sort()).toEqual([
        'create',
        'delete',
        'history-instance',
        'patch',
        'read',
        'search-type',
        'update',
        'vread',
      ]);
      expect(appointment.searchParam.map((p: Json) => p.name)).toContain('patient:identifier');
      expect(rest.resource.find((r: Json) => r.type === 'Slot').searchParam.map((p: Json) => p.name)).toEqual(
        expect.arrayContaining(['status', 'start', '_include']),
      );
      expect(rest.operation).toEqual([expect.objectContaining({ name: 'process-message' })]);
      expect(res.body.messaging[0].supportedMessage.map((m: Json) => m.definition)).toEqual([
        'https://fhir.nhs.uk/MessageDefinition/bars-message-booking-request',
        'https://fhir.nhs.uk/MessageDefinition/bars-message-booking-request-cancelled',
      ]);
      expect(res.headers.get('cache-control')).toBe('no-store');
    });
  });

  describe('GET /MessageDefinition', () => {
    it('lists the definitions for a hosted service and use case', async () => {
      const res = await get(
        '/MessageDefinition?context=https://fhir.nhs.uk/Id/dos-service-id|111111111&context=https://fhir.nhs.uk/CodeSystem/usecases-categories-bars|a1t1',
      );
      expect(res.status).toBe(200);
      expect(res.body.entry.map((e: Json) => e.resource.url)).toHaveLength(2);
    });
    it.each([
      ['', 400, 'REC_BAD_REQUEST', 'required'],
      ['?context=no-bar', 400, 'REC_BAD_REQUEST', 'value'],
      ['?context=https://fhir.nhs.uk/Id/dos-service-id|999', 404, 'REC_NOT_FOUND', 'not-found'],
    ])('MessageDefinition%s → %i %s %s', async (query, status, code, issue) =>
      expectRec(await get(`/MessageDefinition${query}`), status, code, issue),
    );
  });

  describe('GET /Slot', () => {
    const range = `start=ge${futureSlot(0).start}&start=le${futureSlot(11).start}`;
    it('answers a searchset with matches and includes; unsupported _include left out of the self link', async () => {
      const res = await get(
        `/Slot?status=free&${range}&Schedule.actor:HealthcareService=111111111&_include=Slot:schedule&_include=Schedule:actor:HealthcareService&_include=Slot:nonsense`,
      );
      expect(res.status).toBe(200);
      const modes = res.body.entry.map((e: Json) => `${e.resource.resourceType}:${e.search.mode}`);
      expect(modes.filter((m: string) => m === 'Slot:match').length).toBeGreaterThan(0);
      expect(modes).toEqual(expect.arrayContaining(['Schedule:include', 'HealthcareService:include']));
      expect(res.body.link[0].url).toContain('_include=Slot%3Aschedule');
      expect(res.body.link[0].url).not.toContain('nonsense');
    });
    it('no slots is an explicit empty searchset', async () => {
      const res = await get(
        '/Slot?status=free&start=ge2039-01-01T00:00:00Z&start=le2039-01-02T00:00:00Z&Schedule.actor:HealthcareService=111111111',
      );
      expect(res.body).toMatchObject({ resourceType: 'Bundle', type: 'searchset', total: 0, entry: [] });
    });
    it.each([
      ['no status', `${range}&Schedule.actor:HealthcareService=111111111`, 400, 'REC_BAD_REQUEST', 'required'],
      ['an unknown status', `status=open&${range}&Schedule.actor:HealthcareService=111111111`, 400, 'REC_BAD_REQUEST', 'value'],
      [
        'one start only',
        `status=free&start=ge${futureSlot(0).start}&Schedule.actor:HealthcareService=111111111`,
        400,
        'REC_BAD_REQUEST',
        'required',
      ],
      [
        'a range too wide',
        'status=free&start=ge2031-01-01T00:00:00Z&start=le2031-06-01T00:00:00Z&Schedule.actor:HealthcareService=111111111',
        422,
        'REC_UNPROCESSABLE_ENTITY',
        'too-costly',
      ],
      ['an unknown service', `status=free&${range}&Schedule.actor:HealthcareService=999`, 404, 'REC_NOT_FOUND', 'not-found'],
    ])('%s (?%s) → %i %s %s', async (_label, query, status, code, issue) => expectRec(await get(`/Slot?${query}`), status, code, issue));
  });

  describe('Appointment book, read, update, cancel, reschedule, history and search', () => {
    let id: string;

    it('POST books directly: 201 with Location and ETag; the slot is taken', async () => {
      const res = await write('POST', '/Appointment', newAppointment(slotIds[0]));
      expect({ status: res.status, resourceType: res.body.resourceType }).toEqual({ status: 201, resourceType: 'Appointment' });
      id = res.body.id;
      expect(res.headers.get('location')).toMatch(new RegExp(`/Appointment/${id}$`));
      expect(res.headers.get('etag')).toBe('W/"1"');
      expect(await slotStatus(slotIds[0])).toBe('busy');
      expectRec(await write('POST', '/Appointment', newAppointment(slotIds[0])), 409, 'REC_CONFLICT', 'conflict');
    });

    it('PUT updates reasonCode (v2), refuses a stale If-Match and any other change', async () => {
      const read = await get(`/Appointment/${id}`);
      expect({ status: read.status, resourceType: read.body.resourceType }).toEqual({ status: 200, resourceType: 'Appointment' });
      const current = read.body;
      const reasonCode = [{ text: 'Headache' }];
      const res = await write('PUT', `/Appointment/${id}`, { ...current, reasonCode }, { 'If-Match': 'W/"1"' });
      expect(res.status).toBe(200);
      expect(res.headers.get('etag')).toBe('W/"2"');
      expectRec(
        await write('PUT', `/Appointment/${id}`, { ...current, reasonCode }, { 'If-Match': 'W/"1"' }),
        409,
        'REC_CONFLICT',
        'conflict',
      );
      const refused = await write('PUT', `/Appointment/${id}`, { ...current, description: 'changed' });
      expectRec(refused, 422, 'REC_UNPROCESSABLE_ENTITY', 'processing');
      expect(recOf(refused).diagnostics).toContain('Appointment.description');
    });

    it('PATCH reschedules (partial Appointment, then JSON Patch); a taken slot is 409 and nothing moves', async () => {
      const partial = await write('PATCH', `/Appointment/${id}`, {
        resourceType: 'Appointment',
        id,
        slot: [{ reference: `Slot/${slotIds[1]}` }],
      });
      expect(partial.status).toBe(200);
      expect(partial.body.slot).toEqual([{ reference: `Slot/${slotIds[1]}` }]);
      expect([await slotStatus(slotIds[0]), await slotStatus(slotIds[1])]).toEqual(['free', 'busy']);
      const patch = await write(
        'PATCH',
        `/Appointment/${id}`,
        [{ op: 'replace', path: '/slot/0/reference', value: `Slot/${slotIds[2]}` }],
        {
          'Content-Type': 'application/json-patch+json',
        },
      );
      expect(patch.status).toBe(200);
      expect(patch.body.start).toBe(futureSlot(2).start);
      await booked(slotIds[3], '9000000009');
      expectRec(
        await write('PATCH', `/Appointment/${id}`, { resourceType: 'Appointment', slot: [{ reference: `Slot/${slotIds[3]}` }] }),
        409,
        'REC_CONFLICT',
        'conflict',
      );
      expect((await get(`/Appointment/${id}`)).body.slot).toEqual([{ reference: `Slot/${slotIds[2]}` }]);
    });

    it('search by NHS number and by name + birth date + postcode finds it after book and reschedule', async () => {
      const byNhs = await get(`/Appointment?patient:identifier=https://fhir.nhs.uk/Id/nhs-number|${NHS}`);
      expect(byNhs.body.entry.map((e: Json) => e.resource.id)).toContain(id);
      expect(byNhs.body.entry[0].search.mode).toBe('match');
      const byName = await get('/Appointment?patient:name=chalmers&patient:birthdate=eq1974-12-25&patient:address-postalcode=LS14HR');
      expect(byName.body.entry.map((e: Json) => e.resource.id)).toContain(id);
      expectRec(await get('/Appointment?patient:name=chalmers'), 400, 'REC_BAD_REQUEST', 'required');
      expectRec(await get('/Appointment'), 400, 'REC_BAD_REQUEST', 'required');
    });

    it('DELETE cancels (200 OperationOutcome, slot freed); search still finds it, cancelled', async () => {
      const res = await write('DELETE', `/Appointment/${id}`);
      expect(res.status).toBe(200);
      expect(res.body.resourceType).toBe('OperationOutcome');
      expect(await slotStatus(slotIds[2])).toBe('free');
      const found = await get(`/Appointment?patient:identifier=https://fhir.nhs.uk/Id/nhs-number|${NHS}&_id=${id}`);
      expect(found.body.entry.map((e: Json) => e.resource.status)).toEqual(['cancelled']);
      expectRec(await write('DELETE', `/Appointment/${id}`), 409, 'REC_CONFLICT', 'conflict');
    });

    it('_history lists every version, newest first; _history/{vid} reads one', async () => {
      const history = await get(`/Appointment/${id}/_history`);
      expect(history.body.type).toBe('history');
      expect(history.body.entry.map((e: Json) => `${e.resource.meta.versionId}:${e.resource.status}`)).toEqual([
        '5:cancelled',
        '4:booked',
        '3:booked',
        '2:booked',
        '1:booked',
      ]);
      const v3 = await get(`/Appointment/${id}/_history/3`);
      expect(v3.body.slot).toEqual([{ reference: `Slot/${slotIds[1]}` }]);
      expect(v3.headers.get('etag')).toBe('W/"3"');
    });
  });

  it('two reschedules racing for one slot: exactly one wins, the other is 409 and did not move', async () => {
    const a = await booked(slotIds[5], '9000000017');
    const b = await booked(slotIds[6], '9000000025');
    const body = { resourceType: 'Appointment', slot: [{ reference: `Slot/${slotIds[7]}` }] };
    const answers = await Promise.all([write('PATCH', `/Appointment/${a}`, body), write('PATCH', `/Appointment/${b}`, body)]);
    expect(answers.map((r) => r.status).sort()).toEqual([200, 409]);
    const holders = (await hub.sql.query('SELECT id FROM appointment WHERE slot_id = $1', [slotIds[7]])).rows;
    expect(holders).toHaveLength(1);
    const loser = answers[0].status === 409 ? a : b;
    expect((await get(`/Appointment/${loser}`)).body.meta.versionId).toBe('1');
  });

  describe('everywhere', () => {
    it.each([
      ['DELETE', '/Slot', 'GET'],
      ['PUT', '/metadata', 'GET'],
      ['POST', `/Appointment/${randomUUID()}`, 'GET, PUT, PATCH, DELETE'],
    ])('%s %s → 405 with Allow: %s', async (method, path, allow) => {
      const res = await call(hub, method, path, { headers: barsHeaders() });
      expectRec(res, 405, 'REC_METHOD_NOT_ALLOWED', 'not-supported');
      expect(res.headers.get('allow')?.split(', ').sort()).toEqual(allow.split(', ').sort());
    });
    it.each([
      ['an XML Accept', { Accept: 'application/fhir+xml' }, ''],
      ['_format=xml', {}, '?_format=xml'],
      ['an unsupported Accept version', { Accept: 'application/fhir+json; version=2.0.0' }, ''],
    ])('%s → 406', async (_label, headers, query) =>
      expectRec(await get(`/metadata${query}`, headers), 406, 'REC_NOT_ACCEPTABLE', 'processing'),
    );
    it('_format=json and a version=1 Accept are fine, and the BaRS ids are echoed', async () => {
      const headers = barsHeaders();
      const res = await get('/metadata?_format=json', headers);
      expect(res.status).toBe(200);
      expect(res.headers.get('x-request-id')).toBe(headers['X-Request-Id']);
    });
    it('a write without X-Request-Id → 400 required', async () => {
      const res = await call(hub, 'DELETE', `/Appointment/${randomUUID()}`, { headers: { 'Content-Type': 'application/fhir+json' } });
      expectRec(res, 400, 'REC_BAD_REQUEST', 'required');
    });
  });
});
