import { startHub, type Hub } from './support/hub';
import { postMessage, publish } from './support/http';
import { availability, barsHeaders, bookingMessage, futureSlot, resource } from './support/messages';
import { GPC_ASID, gpcCall, gpcHeaders, gpcPath } from './support/gpconnect';

describe('GP Connect: a patient the hub learned from a BaRS booking (one domain, two dialects)', () => {
  let hub: Hub;
  beforeAll(async () => {
    hub = await startHub({ env: { GPC_ASID } });
    expect((await publish(hub, availability([futureSlot(0)]))).status).toBe(200);
  });
  afterAll(() => hub?.stop());

  it('is found by NHS number and read by the id BaRS answered', async () => {
    const booked = await postMessage(hub, bookingMessage(futureSlot(0)), barsHeaders());
    expect(booked.status).toBe(200);
    const patient = resource(booked.body, 'Patient');
    const nhs = patient.identifier.find((i: any) => i.system === 'https://fhir.nhs.uk/Id/nhs-number').value;

    const found = await gpcCall(
      hub,
      'GET',
      gpcPath('HUB01', `/Patient?identifier=https://fhir.nhs.uk/Id/nhs-number|${nhs}`),
      gpcHeaders('search:patient-1'),
    );
    expect(found.status).toBe(200);
    expect(found.body.entry.map((e: any) => e.resource.id)).toEqual([patient.id]);

    const read = await gpcCall(hub, 'GET', gpcPath('HUB01', `/Patient/${patient.id}`), gpcHeaders('read:patient-1'));
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ resourceType: 'Patient', id: patient.id, identifier: [{ value: nhs }] });
  });
});
