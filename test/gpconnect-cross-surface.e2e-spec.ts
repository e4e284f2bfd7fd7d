import { GPC_ASID, gpcCall, gpcHeaders, gpcPath } from './support/gpconnect';
import { bookBody, cancelBody, gpcAvailability, gpcBook, gpcCancel, gpcRetrieve, publishedLocation } from './support/gpc-appointments';
import { ADMIN_TOKEN, startHub, type Hub } from './support/hub';
import { call, publish } from './support/http';
import { barsHeaders, futureSlot, type Json } from './support/messages';
import { nhsNumber, pointersOf } from './support/pointers';

/**
 * A GP Connect write is an appointment change like any other (issue #17): retried safely by
 * Ssp-TraceID, kept in every version, seen by BaRS reads, the admin views and the pointer registry.
 */
describe('GP Connect appointments across the hub', () => {
  let hub: Hub;
  let location: string;
  let patientId: string;
  let emptyPatientId: string;
  const nhs = nhsNumber(4711);
  const slots: Array<{ id: string; start: string; end: string }> = [];
  const admin = { Authorization: `Bearer ${ADMIN_TOKEN}`, 'Content-Type': 'application/fhir+json' };

  const register = async (n: string): Promise<string> => {
    const body = {
      resourceType: 'Bundle',
      type: 'collection',
      entry: [
        {
          resource: {
            resourceType: 'Patient',
            identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: n }],
            name: [{ family: 'Test' }],
          },
        },
      ],
    };
    const a = await call(hub, 'POST', '/admin/patients', { headers: admin, body });
    expect(a.status).toBe(200);
    return a.body.entry[0].resource.id;
  };

  beforeAll(async () => {
    hub = await startHub({ env: { GPC_ASID } });
    expect((await publish(hub, gpcAvailability(Array.from({ length: 10 }, (_, i) => futureSlot(i))))).status).toBe(200);
    location = await publishedLocation(hub);
    for (let i = 0; i < 10; i++)
      slots.push({
        id: (await hub.sql.query('SELECT id FROM slot WHERE start_at = $1', [futureSlot(i).start])).rows[0].id,
        ...futureSlot(i),
      });
    patientId = await register(nhs);
    emptyPatientId = await register(nhsNumber(4712));
  });
  afterAll(() => hub?.stop());

  it('a retry with the same Ssp-TraceID is answered as the first request was, and books once', async () => {
    const headers = gpcHeaders('create:appointment-1');
    const body = bookBody([slots[0]], patientId, location);
    const first = await gpcCall(
      hub,
      'POST',
      gpcPath('HUB01', '/Appointment'),
      { ...headers, 'Content-Type': 'application/fhir+json' },
      body,
    );
    expect(first.status).toBe(201);
    const again = await gpcCall(
      hub,
      'POST',
      gpcPath('HUB01', '/Appointment'),
      { ...headers, 'Content-Type': 'application/fhir+json' },
      body,
    );
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    const n = (await hub.sql.query('SELECT count(*) n FROM appointment WHERE slot_id = $1', [slots[0].id])).rows[0].n;
    expect(n).toBe('1');
  });

  it('a retry of a refused request gets the same refusal', async () => {
    const headers = { ...gpcHeaders('create:appointment-1'), 'Content-Type': 'application/fhir+json' };
    const body = bookBody([slots[0]], patientId, location);
    const first = await gpcCall(hub, 'POST', gpcPath('HUB01', '/Appointment'), headers, body);
    const again = await gpcCall(hub, 'POST', gpcPath('HUB01', '/Appointment'), headers, body);
    expect([first.status, again.status]).toEqual([409, 409]);
    expect(again.body.issue[0].details.coding[0].code).toBe('DUPLICATE_REJECTED');
  });

  it('a booking makes a pointer and a cancellation removes it, as a BaRS booking does; every version is kept', async () => {
    const booked = await gpcBook(hub, bookBody([slots[1]], patientId, location));
    expect(booked.status).toBe(201);
    const id = booked.body.id;
    expect((await pointersOf(hub, nhs)).length).toBeGreaterThan(0);
    const before = (await hub.sql.query(`SELECT count(*) n FROM pointer WHERE appointment_id = $1 AND state = 'current'`, [id])).rows[0].n;
    expect(before).toBe('1');
    expect((await gpcCancel(hub, id, cancelBody(booked.body))).status).toBe(200);
    const after = (await hub.sql.query(`SELECT count(*) n FROM pointer WHERE appointment_id = $1 AND state = 'current'`, [id])).rows[0].n;
    expect(after).toBe('0');
    const history = await call(hub, 'GET', `/Appointment/${id}/_history`, { headers: barsHeaders() });
    expect(history.status).toBe(200);
    expect(history.body.entry.map((e: Json) => e.resource.status)).toEqual(['cancelled', 'booked']);
  });

  it('the admin views list a GP Connect write like any message, by its Ssp-TraceID', async () => {
    const headers: Record<string, string> = { ...gpcHeaders('create:appointment-1'), 'Content-Type': 'application/fhir+json' };
    expect((await gpcCall(hub, 'POST', gpcPath('HUB01', '/Appointment'), headers, bookBody([slots[2]], patientId, location))).status).toBe(
      201,
    );
    const a = await call(hub, 'GET', `/admin/messages?requestId=${headers['Ssp-TraceID']}`, { headers: admin });
    expect(a.status).toBe(200);
    expect(a.body.messages).toHaveLength(1);
    expect(a.body.messages[0]).toMatchObject({ requestId: headers['Ssp-TraceID'] });
    expect(JSON.stringify(a.body)).not.toContain(nhs);
  });

  it('AppointmentRetrieve #1: a patient without appointments → 200, an empty searchset', async () => {
    const a = await gpcRetrieve(hub, emptyPatientId, 'start=ge2031-01-06&start=le2031-01-20');
    expect(a.status).toBe(200);
    expect(a.body).toMatchObject({ resourceType: 'Bundle', type: 'searchset' });
    expect(a.body.entry ?? []).toEqual([]);
  });

  it('AppointmentRetrieve #18: the organization-search interaction ID on an appointment search → 400 BAD_REQUEST with no-store', async () => {
    const headers = {
      ...gpcHeaders('search:patient_appointments-1'),
      'Ssp-InteractionID': 'urn:nhs:names:services:gpconnect:fhir:rest:search:organization-1 ',
    };
    const a = await gpcRetrieve(hub, patientId, 'start=ge2031-01-06&start=le2031-01-20', headers);
    expect(a.status).toBe(400);
    expect(a.headers.get('cache-control')).toContain('no-store');
  });

  it('SearchForFreeSlots #19/#26, AppointmentBook #26, Read #10, Retrieve #16: the CapabilityStatement lists the interactions', async () => {
    const a = await gpcCall(hub, 'GET', gpcPath('HUB01', '/metadata'), gpcHeaders('read:metadata-1'));
    expect(a.status).toBe(200);
    const resources: Json[] = a.body.rest[0].resource;
    const of = (type: string): Json => resources.find((r) => r.type === type) as Json;
    const interactions = (type: string): string[] => of(type).interaction.map((i: Json) => i.code);
    expect(interactions('Slot')).toContain('search-type');
    expect(of('Slot').searchInclude).toContain('Location:managingOrganization');
    expect(interactions('Appointment')).toEqual(expect.arrayContaining(['read', 'create', 'update']));
    expect(JSON.stringify(a.body)).toContain('Patient');
  });
});
