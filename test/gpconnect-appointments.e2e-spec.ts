import { GPC_ASID, gpcCall, gpcHeaders, gpcPath, spineOf } from './support/gpconnect';
import {
  APPOINTMENT_PROFILE,
  CANCELLATION_REASON,
  DELIVERY_CHANNEL,
  PRACTITIONER_ROLE,
  bookBody,
  cancelBody,
  gpcAmend,
  gpcAvailability,
  gpcBook,
  gpcCancel,
  gpcRead,
  gpcRetrieve,
  gpcSlots,
  publishedLocation,
} from './support/gpc-appointments';
import { startHub, type Hub } from './support/hub';
import { postMessage, publish } from './support/http';
import { barsHeaders, bookingMessage, futureSlot, resource, type Json } from './support/messages';

/**
 * The six appointment interactions of GP Connect 1.2.7 (GPCONNECT.md §3), each test named after the
 * provider test suite scenario it ports (feature and number of §5.2). Slots are futureSlot(n): hourly
 * from 2031-01-06T00:00Z (GMT, so UK local time is +00:00).
 */
describe('GP Connect appointments (GPCONNECT.md §3)', () => {
  let hub: Hub;
  let patientId: string;
  let location: string;
  const slots: Array<{ id: string; start: string; end: string }> = [];
  const SEARCH = 'status=free&start=ge2031-01-06&end=le2031-01-07&_include=Slot:schedule';

  const book = async (indexes: number[], change: (b: Json) => void = () => undefined, headers: Record<string, string> = {}) => {
    const body = bookBody(
      indexes.map((i) => slots[i]),
      patientId,
      location,
    );
    change(body);
    return gpcBook(hub, body, headers);
  };

  beforeAll(async () => {
    hub = await startHub({ env: { GPC_ASID } });
    expect((await publish(hub, gpcAvailability(Array.from({ length: 40 }, (_, i) => futureSlot(i))))).status).toBe(200);
    location = await publishedLocation(hub);
    for (let i = 0; i < 40; i++) {
      const id = (await hub.sql.query('SELECT id FROM slot WHERE start_at = $1', [futureSlot(i).start])).rows[0].id;
      slots.push({ id, ...futureSlot(i) });
    }
    // The patient is learned from a BaRS booking (slot 39): the same record on both surfaces.
    const bars = await postMessage(hub, bookingMessage(futureSlot(39)), barsHeaders());
    expect(bars.status).toBe(200);
    const barsId = resource(bars.body, 'Appointment').id;
    patientId = (await hub.sql.query('SELECT patient_id FROM appointment WHERE id = $1', [barsId])).rows[0].patient_id;
  });
  afterAll(() => hub?.stop());

  describe('Search for free slots', () => {
    it('SearchForFreeSlots #1/#11: 200 searchset of free Slots (profile, delivery channel, no specialty) and their Schedules', async () => {
      const a = await gpcSlots(hub, SEARCH);
      expect(a.status).toBe(200);
      expect(a.body).toMatchObject({ resourceType: 'Bundle', type: 'searchset' });
      const found = a.body.entry.map((e: Json) => e.resource);
      const slot = found.find((r: Json) => r.resourceType === 'Slot');
      expect(slot).toMatchObject({
        status: 'free',
        meta: { profile: ['https://fhir.nhs.uk/STU3/StructureDefinition/GPConnect-Slot-1'] },
        extension: [{ url: DELIVERY_CHANNEL, valueCode: 'In-person' }],
        serviceType: [{ text: 'General GP Appointment' }],
      });
      expect(slot.specialty).toBeUndefined();
      expect(slot.comment).toBeUndefined();
      expect(slot.start).toMatch(/^2031-01-06T\d\d:00:00\+00:00$/);
      const schedule = found.find((r: Json) => r.resourceType === 'Schedule');
      expect(schedule).toMatchObject({ serviceCategory: { text: 'General GP Appointments' }, extension: [{ url: PRACTITIONER_ROLE }] });
      expect(slot.schedule.reference).toBe(`Schedule/${schedule.id}`);
      expect(a.body.entry.every((e: Json) => e.fullUrl === undefined)).toBe(true);
    });

    it('SearchForFreeSlots #15: with every include, the Schedule’s Location and Practitioner, and the Organization', async () => {
      const recurse = ['Schedule:actor:Practitioner', 'Schedule:actor:Location', 'Location:managingOrganization'];
      const a = await gpcSlots(hub, `${SEARCH}&${recurse.map((r) => `_include:recurse=${r}`).join('&')}`);
      expect(a.status).toBe(200);
      const found = a.body.entry.map((e: Json) => e.resource);
      const byType = (t: string): Json[] => found.filter((r: Json) => r.resourceType === t);
      const [schedule] = byType('Schedule');
      expect(schedule.extension.filter((e: Json) => e.url === PRACTITIONER_ROLE)).toHaveLength(1);
      expect(schedule.extension.some((e: Json) => /DeliveryChannel/.test(e.url))).toBe(false);
      expect(schedule.planningHorizon.start).toMatch(/\+00:00$/);
      expect(schedule.actor.map((x: Json) => x.reference.split('/')[0]).sort()).toEqual(['Location', 'Practitioner']);
      const [loc] = byType('Location');
      expect(`Location/${loc.id}`).toBe(schedule.actor.find((x: Json) => x.reference.startsWith('Location/')).reference);
      expect(loc.meta.profile).toEqual(['https://fhir.nhs.uk/STU3/StructureDefinition/CareConnect-GPC-Location-1']);
      const [org] = byType('Organization');
      expect(loc.managingOrganization.reference).toBe(`Organization/${org.id}`);
      expect(byType('Practitioner')).toHaveLength(1);
      expect(byType('Practitioner')[0].name).toHaveLength(1);
    });

    it('SearchForFreeSlots #16: only the Practitioner asked for → no Location; the Organization is always there', async () => {
      const a = await gpcSlots(hub, `${SEARCH}&_include:recurse=Schedule:actor:Practitioner`);
      const types = a.body.entry.map((e: Json) => e.resource.resourceType);
      expect(types).toContain('Practitioner');
      expect(types).not.toContain('Location');
      expect(types).toContain('Organization');
    });

    it('SearchForFreeSlots #2/#21: 15 days → 422 INVALID_PARAMETER with no-store', async () => {
      const a = await gpcSlots(hub, 'status=free&start=ge2031-01-06&end=le2031-01-21&_include=Slot:schedule');
      expect(spineOf(a)).toMatchObject({ status: 422, code: 'INVALID_PARAMETER' });
      expect(a.headers.get('cache-control')).toContain('no-store');
    });

    it('SearchForFreeSlots #3: status missing → 400 BAD_REQUEST', async () => {
      expect(spineOf(await gpcSlots(hub, 'start=ge2031-01-06&end=le2031-01-07&_include=Slot:schedule'))).toMatchObject({
        status: 400,
        code: 'BAD_REQUEST',
      });
    });

    it('SearchForFreeSlots #13: _format=xml answers XML', async () => {
      const a = await gpcSlots(hub, `${SEARCH}&_format=application/fhir%2Bxml`);
      expect(a.status).toBe(200);
      expect(a.headers.get('content-type')).toMatch(/^application\/fhir\+xml/);
      expect(a.text).toContain('<Bundle');
      expect(a.text).toContain('<Slot');
    });

    it('an empty searchset when no slot is free in the range', async () => {
      const a = await gpcSlots(hub, 'status=free&start=ge2031-02-01&end=le2031-02-02&_include=Slot:schedule');
      expect(a.status).toBe(200);
      expect(a.body).toMatchObject({ resourceType: 'Bundle', type: 'searchset' });
      expect(a.body.entry ?? []).toEqual([]);
    });
  });

  describe('Book, read, amend, cancel', () => {
    let booked: Json;

    it('AppointmentBook #1/#31/#35: 201 with Location and ETag; the stored appointment with its booking organisation', async () => {
      const a = await book([0]);
      expect(a.status).toBe(201);
      booked = a.body;
      expect(booked).toMatchObject({
        resourceType: 'Appointment',
        meta: { versionId: '1', profile: [APPOINTMENT_PROFILE] },
        status: 'booked',
        start: '2031-01-06T00:00:00+00:00',
        end: '2031-01-06T01:00:00+00:00',
        slot: [{ reference: `Slot/${slots[0].id}` }],
        description: 'Free text description.',
        comment: 'Free text comment.',
        serviceCategory: { text: 'General GP Appointments' },
        serviceType: [{ text: 'General GP Appointment' }],
        contained: [{ resourceType: 'Organization', identifier: [{ value: 'A00001' }], name: 'Test Organization Name' }],
      });
      expect(booked.reason).toBeUndefined();
      expect(booked.specialty).toBeUndefined();
      expect(a.headers.get('etag')).toBe('W/"1"');
      expect(a.headers.get('location')).toMatch(new RegExp(`/HUB01/STU3/1/gpconnect/Appointment/${booked.id}/_history/1$`));
      expect(a.headers.get('cache-control')).toContain('no-store');
      expect((await hub.sql.query('SELECT status FROM slot WHERE id = $1', [slots[0].id])).rows[0].status).toBe('busy');
    });

    it('AppointmentBook #32: the same slot again → 409 DUPLICATE_REJECTED', async () => {
      expect(spineOf(await book([0]))).toMatchObject({ status: 409, code: 'DUPLICATE_REJECTED' });
    });

    it('AppointmentBook #11/#17: the participants resolve: GET Patient/{id} and Location/{id}', async () => {
      for (const p of booked.participant) {
        const [type, id] = p.actor.reference.split('/');
        const interaction = type === 'Patient' ? 'read:patient-1' : 'read:location-1';
        const a = await gpcCall(hub, 'GET', gpcPath('HUB01', `/${type}/${id}`), gpcHeaders(interaction));
        expect(a.status).toBe(200);
        expect(a.body).toMatchObject({ resourceType: type, id });
      }
    });

    it('AppointmentBook: a location that is not published → 422 REFERENCE_NOT_FOUND, the slot still free', async () => {
      const body = bookBody([slots[1]], patientId, '0b6c5e34-0000-4000-8000-000000000000');
      expect(spineOf(await gpcBook(hub, body))).toMatchObject({ status: 422, code: 'REFERENCE_NOT_FOUND' });
      expect((await hub.sql.query('SELECT status FROM slot WHERE id = $1', [slots[1].id])).rows[0].status).toBe('free');
    });

    it('AppointmentBook #15: an unknown JSON property → 422 INVALID_RESOURCE', async () => {
      expect(spineOf(await book([1], (b) => (b.invalidField = 'x')))).toMatchObject({ status: 422, code: 'INVALID_RESOURCE' });
    });

    it('AppointmentBook #33: reason → 422 INVALID_RESOURCE, and the slot stays free', async () => {
      expect(spineOf(await book([1], (b) => (b.reason = [{ text: 'x' }])))).toMatchObject({ status: 422, code: 'INVALID_RESOURCE' });
      expect((await hub.sql.query('SELECT status FROM slot WHERE id = $1', [slots[1].id])).rows[0].status).toBe('free');
    });

    it('AppointmentBook: start not the slot’s → 422 INVALID_RESOURCE', async () => {
      expect(spineOf(await book([1], (b) => (b.start = '2031-01-06T01:30:00+00:00')))).toMatchObject({
        status: 422,
        code: 'INVALID_RESOURCE',
      });
    });

    it('AppointmentBook #10: Prefer: return=minimal → 201 with an empty body', async () => {
      const a = await book([1], () => undefined, { Prefer: 'return=minimal' });
      expect(a.status).toBe(201);
      expect(a.text).toBe('');
    });

    it('AppointmentBook #7: an XML request body with _format XML → 201 in XML', async () => {
      const json = bookBody([slots[2]], patientId, location);
      const xml = await import('@hub/gpconnect').then((g) => g.toXml(json));
      const a = await gpcBook(hub, xml, { 'Content-Type': 'application/fhir+xml', Accept: 'application/fhir+xml' });
      expect(a.status).toBe(201);
      expect(a.headers.get('content-type')).toMatch(/^application\/fhir\+xml/);
      expect(a.text).toContain('<Appointment');
      expect(a.text).toContain(`Slot/${slots[2].id}`);
    });

    it('books two adjacent slots as one appointment (GPCONNECT.md §3.2 multiple slots)', async () => {
      const a = await book([3, 4]);
      expect(a.status).toBe(201);
      expect(a.body.slot).toEqual([{ reference: `Slot/${slots[3].id}` }, { reference: `Slot/${slots[4].id}` }]);
      expect(a.body).toMatchObject({ start: '2031-01-06T03:00:00+00:00', end: '2031-01-06T05:00:00+00:00' });
    });

    it('AppointmentRead #1/#7: 200, ETag = W/"versionId", the booking organisation contained', async () => {
      const a = await gpcRead(hub, booked.id);
      expect(a.status).toBe(200);
      expect(a.headers.get('etag')).toBe(`W/"${a.body.meta.versionId}"`);
      expect(a.body).toMatchObject({ id: booked.id, status: 'booked', contained: [{ identifier: [{ value: 'A00001' }] }] });
      const ext = a.body.extension.map((e: Json) => e.url);
      expect(ext).toEqual(expect.arrayContaining([DELIVERY_CHANNEL, PRACTITIONER_ROLE]));
    });

    it('AppointmentRead #5: _format=xml → XML', async () => {
      const a = await gpcRead(hub, booked.id, {}, '?_format=xml');
      expect(a.status).toBe(200);
      expect(a.headers.get('content-type')).toMatch(/^application\/fhir\+xml/);
    });

    it.each(['Invalid4321', '8888888888'])('AppointmentRead #4: id %s → 404', async (id) => {
      const a = await gpcRead(hub, id);
      expect(a.status).toBe(404);
      expect(a.body.resourceType).toBe('OperationOutcome');
    });

    it('AppointmentAmend #1/#17: description and comment change, a new version', async () => {
      const body = { ...booked, description: 'customDescription', comment: 'customComment' };
      const a = await gpcAmend(hub, booked.id, body);
      expect(a.status).toBe(200);
      expect(a.body).toMatchObject({ description: 'customDescription', comment: 'customComment', meta: { versionId: '2' } });
      expect(a.headers.get('etag')).toBe('W/"2"');
    });

    it('AppointmentAmend #3: priority 1 → 422 INVALID_RESOURCE', async () => {
      expect(spineOf(await gpcAmend(hub, booked.id, { ...booked, priority: 1 }))).toMatchObject({ status: 422, code: 'INVALID_RESOURCE' });
    });

    it('AppointmentAmend #12: status noshow → 422 INVALID_RESOURCE', async () => {
      expect(spineOf(await gpcAmend(hub, booked.id, { ...booked, status: 'noshow' }))).toMatchObject({
        status: 422,
        code: 'INVALID_RESOURCE',
      });
    });

    it('AppointmentAmend #9: If-Match W/"invalidEtag" → 409', async () => {
      const a = await gpcAmend(hub, booked.id, booked, { 'If-Match': 'W/"invalidEtag"' });
      expect(spineOf(a)).toMatchObject({ status: 409, code: 'FHIR_CONSTRAINT_VIOLATION' });
    });

    it('AppointmentAmend #10: If-Match the current version → 200', async () => {
      const a = await gpcAmend(hub, booked.id, { ...booked, description: 'again' }, { 'If-Match': 'W/"2"' });
      expect(a.status).toBe(200);
      expect(a.body.meta.versionId).toBe('3');
    });

    it('AppointmentCancel #13: an empty reason → 422 INVALID_PARAMETER', async () => {
      const current = (await gpcRead(hub, booked.id)).body;
      expect(spineOf(await gpcCancel(hub, booked.id, cancelBody(current, '')))).toMatchObject({ status: 422, code: 'INVALID_PARAMETER' });
    });

    it('AppointmentCancel #4: description changed → 422 INVALID_RESOURCE', async () => {
      const current = (await gpcRead(hub, booked.id)).body;
      const body = { ...cancelBody(current), description: 'changed' };
      expect(spineOf(await gpcCancel(hub, booked.id, body))).toMatchObject({ status: 422, code: 'INVALID_RESOURCE' });
    });

    it('AppointmentCancel #15: a stale If-Match → 409 FHIR_CONSTRAINT_VIOLATION', async () => {
      const current = (await gpcRead(hub, booked.id)).body;
      const a = await gpcCancel(hub, booked.id, cancelBody(current), { 'If-Match': 'W/"1"' });
      expect(spineOf(a)).toMatchObject({ status: 409, code: 'FHIR_CONSTRAINT_VIOLATION' });
    });

    it('AppointmentCancel #1/#11/#18: cancelled with the reason, everything else unchanged, a new version, the slot free again', async () => {
      const current = (await gpcRead(hub, booked.id)).body;
      const a = await gpcCancel(hub, booked.id, cancelBody(current, 'Test cancellation reason 1'));
      expect(a.status).toBe(200);
      expect(a.body.status).toBe('cancelled');
      expect(a.body.extension).toContainEqual({ url: CANCELLATION_REASON, valueString: 'Test cancellation reason 1' });
      expect(a.body.meta.versionId).not.toBe(current.meta.versionId);
      for (const k of ['id', 'description', 'start', 'end', 'slot', 'participant', 'created', 'contained'])
        expect(a.body[k]).toEqual(current[k]);
      expect((await hub.sql.query('SELECT status FROM slot WHERE id = $1', [slots[0].id])).rows[0].status).toBe('free');
    });

    it('AppointmentCancel #22: amending the cancelled appointment → 422 INVALID_RESOURCE', async () => {
      const current = (await gpcRead(hub, booked.id)).body;
      expect(spineOf(await gpcAmend(hub, booked.id, { ...current, status: 'booked', description: 'x' }))).toMatchObject({
        status: 422,
        code: 'INVALID_RESOURCE',
      });
    });
  });

  describe("Retrieve a patient's appointments", () => {
    it('AppointmentRetrieve #3: every appointment in the range, cancelled and BaRS-booked ones included', async () => {
      const a = await gpcRetrieve(hub, patientId, 'start=ge2031-01-06&start=le2031-01-08');
      expect(a.status).toBe(200);
      expect(a.body).toMatchObject({ resourceType: 'Bundle', type: 'searchset' });
      const statuses = a.body.entry.map((e: Json) => e.resource.status);
      expect(statuses).toEqual(expect.arrayContaining(['booked', 'cancelled']));
      const starts = a.body.entry.map((e: Json) => e.resource.start);
      expect(starts).toContain('2031-01-07T15:00:00+00:00'); // the BaRS booking of futureSlot(39)
      for (const e of a.body.entry) expect(e.resource.meta.profile).toEqual([APPOINTMENT_PROFILE]);
    });

    it('AppointmentRetrieve #1: a range without appointments → an empty searchset', async () => {
      const a = await gpcRetrieve(hub, patientId, 'start=ge2031-03-01&start=le2031-03-02');
      expect(a.status).toBe(200);
      expect(a.body.entry ?? []).toEqual([]);
    });

    it.each([
      'start=ge2031-01-06',
      'start=ge2031&start=le2031-01-08',
      'start=ge2031-01-06&start=lt2031-01-08',
      'start=ge2031-01-08&start=le2031-01-06',
    ])('AppointmentRetrieve #8–#12: %s → 422 INVALID_PARAMETER', async (query) => {
      expect(spineOf(await gpcRetrieve(hub, patientId, query))).toMatchObject({ status: 422, code: 'INVALID_PARAMETER' });
    });

    it('AppointmentRetrieve #4: Patient/dd → 404', async () => {
      const a = await gpcRetrieve(hub, 'dd', 'start=ge2031-01-06&start=le2031-01-08');
      expect(a.status).toBe(404);
      expect(a.body.resourceType).toBe('OperationOutcome');
    });

    it('AppointmentRetrieve #14: a write scope → 400 BAD_REQUEST', async () => {
      const headers = gpcHeaders('search:patient_appointments-1', 'patient/*.write');
      expect(spineOf(await gpcRetrieve(hub, patientId, 'start=ge2031-01-06&start=le2031-01-08', headers))).toMatchObject({
        status: 400,
        code: 'BAD_REQUEST',
      });
    });
  });
});
