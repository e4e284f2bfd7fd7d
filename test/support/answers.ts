import { call, type Answer } from './http';
import type { Hub } from './hub';
import { resource, type Json } from './messages';

/**
 * A REST Appointment for `Slot/<slotId>` whose patient is contained, named by NHS number; `patient` adds
 * elements to that contained Patient.
 */
export function restAppointment(slotId: string, nhs: string, patient: Json = {}): Json {
  return {
    resourceType: 'Appointment',
    status: 'booked',
    slot: [{ reference: `Slot/${slotId}` }],
    contained: [
      {
        resourceType: 'Patient',
        id: 'p',
        identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: nhs }],
        name: [{ family: 'Chalmers', given: ['Peter'] }],
        ...patient,
      },
    ],
    participant: [{ actor: { reference: '#p' }, status: 'accepted' }],
  };
}

/**
 * The answer's Appointment is the record: equal, element for element, to what `GET /Appointment/{id}`
 * returns right after (versionId, lastUpdated, created, times, status, references), and the Slot shown
 * is the stored one with the status the change left it in. Returns the Appointment read.
 */
export async function expectAnswerIsRecord(hub: Hub, answered: Json, slotStatus?: string): Promise<Json> {
  expect(answered.resourceType).toBe('Appointment');
  const read = await call(hub, 'GET', `/Appointment/${answered.id}`);
  expect(read.status).toBe(200);
  expect(answered).toEqual(read.body);
  expect(read.headers.get('etag')).toBe(`W/"${answered.meta.versionId}"`);
  if (slotStatus !== undefined) {
    const slotId = String(answered.slot[0].reference).replace(/^Slot\//, '');
    const stored = (await hub.sql.query('SELECT status, start_at, end_at FROM slot WHERE id = $1', [slotId])).rows[0];
    expect(stored).toMatchObject({ status: slotStatus, start_at: answered.start, end_at: answered.end });
  }
  return read.body;
}

/** The Appointment and Slot of a `$process-message` answer. */
export function answered(res: Answer): { appointment: Json; slot: Json | undefined } {
  expect(res.body.resourceType).toBe('Bundle');
  return { appointment: resource(res.body, 'Appointment'), slot: resource(res.body, 'Slot') };
}
