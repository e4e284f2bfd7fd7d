import { randomUUID } from 'node:crypto';
import { startHub, type Hub } from './support/hub';
import { call, postMessage, publish, recOf, type Answer } from './support/http';
import { availability, barsHeaders, bookingMessage, futureSlot, resource, type Json } from './support/messages';

const org = (ods: string): string =>
  Buffer.from(
    JSON.stringify({ resourceType: 'Organization', identifier: [{ system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: ods }] }),
  ).toString('base64');

/** Every link the hub gives out resolves to the stored resource: Slot, Schedule, HealthcareService, Patient. */
describe('links the hub gives out', () => {
  let hub: Hub;
  let appointment: Json;
  let slotEntry: Json;
  beforeAll(async () => {
    // An allow-list, so that the access rules can be seen to be the same as for GET /Appointment/{id}.
    hub = await startHub({ env: { SENDER_ALLOWLIST: 'RCD' } });
    expect((await publish(hub, availability([futureSlot(700)]))).status).toBe(200);
    const booked = await postMessage(hub, bookingMessage(futureSlot(700)), barsHeaders({ 'NHSD-End-User-Organisation': org('RCD') }));
    expect(booked.status).toBe(200);
    // The stored Appointment, as GET /Appointment/{id} serves it: its participant names Patient/{id}.
    const read = await get(`/Appointment/${resource(booked.body, 'Appointment').id}`);
    expect(read.status).toBe(200);
    appointment = read.body;
    const start = encodeURIComponent(futureSlot(700).start);
    const search = await get(`/Slot?status=free,busy&start=ge${start}&start=le${start}&Schedule.actor:HealthcareService=111111111`);
    expect(search.status).toBe(200);
    slotEntry = search.body.entry.find((e: Json) => e.resource.resourceType === 'Slot');
  });
  afterAll(() => hub?.stop());

  function get(path: string, ods = 'RCD'): Promise<Answer> {
    return call(hub, 'GET', path, { headers: { Accept: 'application/fhir+json', 'NHSD-End-User-Organisation': org(ods) } });
  }
  const follow = (url: string, ods?: string): Promise<Answer> => get(url.replace(/^https?:\/\/[^/]+/, ''), ods);

  it('Slot.fullUrl answers with the slot, as the search showed it', async () => {
    const res = await follow(slotEntry.fullUrl);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ resourceType: 'Slot', id: slotEntry.resource.id, status: 'busy', start: slotEntry.resource.start });
  });

  it('Slot.schedule and Schedule.actor resolve to the Schedule and the HealthcareService', async () => {
    const schedule = await get(`/${slotEntry.resource.schedule.reference}`);
    expect(schedule.status).toBe(200);
    expect(schedule.body.resourceType).toBe('Schedule');
    const actor = schedule.body.actor.find((a: Json) => a.reference.startsWith('HealthcareService/'));
    const service = await get(`/${actor.reference}`);
    expect(service.status).toBe(200);
    expect(service.body.resourceType).toBe('HealthcareService');
    expect(service.body.identifier).toContainEqual({ system: 'https://fhir.nhs.uk/Id/dos-service-id', value: '111111111' });
  });

  it("the Appointment's Patient reference resolves to the patient the hub stored", async () => {
    const reference = appointment.participant.map((p: Json) => p.actor?.reference).find((r: string) => r?.startsWith('Patient/'));
    const res = await get(`/${reference}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ resourceType: 'Patient', id: reference.split('/')[1] });
    expect(res.body.identifier).toContainEqual(
      expect.objectContaining({ system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9476719931' }),
    );
  });

  it.each(['Slot', 'Schedule', 'HealthcareService', 'Patient', 'Appointment'])(
    '%s/{id}: an unknown id is 404 not-found, a malformed one 400 value',
    async (type) => {
      const unknown = await get(`/${type}/${randomUUID()}`);
      expect({ status: unknown.status, ...recOf(unknown) }).toMatchObject({ status: 404, code: 'REC_NOT_FOUND', issue: 'not-found' });
      const malformed = await get(`/${type}/not-an-id`);
      expect({ status: malformed.status, ...recOf(malformed) }).toMatchObject({ status: 400, code: 'REC_BAD_REQUEST', issue: 'value' });
    },
  );

  it('refuses a sender the access rules refuse, exactly as GET /Appointment/{id} does', async () => {
    const patient = appointment.participant.map((p: Json) => p.actor?.reference).find((r: string) => r?.startsWith('Patient/'));
    for (const path of [`/Appointment/${appointment.id}`, `/${patient}`, `/Slot/${slotEntry.resource.id}`]) {
      const res = await get(path, 'Z9999');
      expect({ path, status: res.status, ...recOf(res) }).toMatchObject({ path, status: 401, code: 'REC_UNAUTHORIZED' });
    }
  });

  it('lists the reads in the CapabilityStatement', async () => {
    const res = await get('/metadata');
    for (const type of ['Slot', 'Schedule', 'HealthcareService', 'Patient']) {
      const entry = res.body.rest[0].resource.find((r: Json) => r.type === type);
      expect({ type, read: entry?.interaction.some((i: Json) => i.code === 'read') }).toEqual({ type, read: true });
    }
  });
});
