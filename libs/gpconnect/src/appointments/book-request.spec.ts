import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { spineCodeOf } from '../testing/spine-code';
import { parseBookRequest } from './book-request';

const SLOT = '3f2b1a6e-1111-4a4a-9b9b-000000000001';
const NEXT = '3f2b1a6e-1111-4a4a-9b9b-000000000002';

/** The spec's book request example (test/fixtures/gpconnect/gpconnect-spec_develop_1.2.7/appointments; provenance in test/fixtures/PROVENANCE.md), with hub ids. */
function example(): Record<string, any> {
  const body = JSON.parse(
    readFileSync(
      resolve(__dirname, '../../../../test/fixtures/gpconnect/gpconnect-spec_develop_1.2.7/appointments/book_appt_request_example.json'),
      'utf8',
    ),
  );
  body.slot = [{ reference: `Slot/${SLOT}` }];
  return body;
}

const codeOf = (body: Record<string, any>): string => spineCodeOf(() => parseBookRequest(body));

describe('parseBookRequest (GP Connect Book, GPCONNECT.md §3.2)', () => {
  it('states the spec example in hub terms: slots, UTC instants, patient, location, booking organisation, text', () => {
    const r = parseBookRequest(example());
    expect(r).toMatchObject({
      slotIds: [SLOT],
      start: '2017-05-30T09:00:00.000Z',
      end: '2017-05-30T09:25:00.000Z',
      patientId: '1',
      locationId: '32',
      description: 'Free text description.',
      comment: 'Free text comment.',
      bookingOrganisation: {
        odsCode: 'A00001',
        name: 'Test Organization Name',
        telecom: [{ system: 'phone', value: '0300 303 5678' }],
        type: { system: 'https://fhir.nhs.uk/STU3/CodeSystem/GPConnect-OrganisationType-1', code: 'gp-practice' },
      },
    });
    expect(r.participants).toEqual([
      { reference: 'Patient/1', status: 'accepted' },
      { reference: 'Location/32', status: 'accepted' },
    ]);
  });

  it('takes several slots', () => {
    const body = example();
    body.slot.push({ reference: `Slot/${NEXT}` });
    expect(parseBookRequest(body).slotIds).toEqual([SLOT, NEXT]);
  });

  const cases: Array<[string, (b: Record<string, any>) => void]> = [
    [
      'PTS Book #13 no patient participant',
      (b) => (b.participant = b.participant.filter((p: any) => !p.actor.reference.startsWith('Patient'))),
    ],
    [
      'PTS Book #13 no location participant',
      (b) => (b.participant = b.participant.filter((p: any) => !p.actor.reference.startsWith('Location'))),
    ],
    ['PTS Book #14 no participants', (b) => delete b.participant],
    ['PTS Book #15 an unknown JSON property', (b) => (b.invalidField = 'x')],
    ['PTS Book #16 Slot/45555g55555', (b) => (b.slot = [{ reference: 'Slot/45555g55555' }])],
    ['PTS Book #16 Slot/45555555##', (b) => (b.slot = [{ reference: 'Slot/45555555##' }])],
    ['PTS Book #16 Slot/hello', (b) => (b.slot = [{ reference: 'Slot/hello' }])],
    ['PTS Book #18 start missing', (b) => delete b.start],
    ['PTS Book #19 end missing', (b) => delete b.end],
    ['PTS Book #20 status missing', (b) => delete b.status],
    ['PTS Book #21 slot missing', (b) => delete b.slot],
    [
      'PTS Book #22 identifier without a value',
      (b) => (b.identifier = [{ system: 'https://fhir.nhs.uk/Id/gpconnect-appointment-identifier', value: null }]),
    ],
    ['PTS Book #23 participant status missing', (b) => b.participant.forEach((p: any) => delete p.status)],
    ['PTS Book #24 resourceType InvalidResourceType', (b) => (b.resourceType = 'InvalidResourceType')],
    ['PTS Book #29 booking organisation without name', (b) => delete b.contained[0].name],
    ['PTS Book #30 booking organisation without telecom', (b) => delete b.contained[0].telecom],
    ['PTS Book #33 reason present', (b) => (b.reason = [{ text: 'x' }])],
    ['PTS Book #34 specialty present', (b) => (b.specialty = [{ text: 'x' }])],
    ['a start without a time zone', (b) => (b.start = '2017-05-30T10:00:00')],
    ['an id', (b) => (b.id = '9')],
    [
      'a cancellation reason',
      (b) =>
        b.extension.push({
          url: 'https://fhir.nhs.uk/STU3/StructureDefinition/Extension-GPConnect-AppointmentCancellationReason-1',
          valueString: 'x',
        }),
    ],
    ['no booking organisation extension', (b) => (b.extension = [])],
    ['a booking organisation extension naming nothing contained', (b) => (b.extension[0].valueReference.reference = '#2')],
  ];
  it.each(cases)('%s → 422 INVALID_RESOURCE', (_name, change) => {
    const body = example();
    change(body);
    expect(codeOf(body)).toBe('422 INVALID_RESOURCE');
  });

  it('PTS Book #25 an empty Appointment → 422 INVALID_RESOURCE', () => {
    expect(codeOf({ resourceType: 'Appointment' })).toBe('422 INVALID_RESOURCE');
  });

  it('PTS Book #41–43 accepts the consumer’s serviceCategory/serviceType (the practice’s are answered)', () => {
    const body = example();
    body.serviceCategory = { text: 'Test-serviceCategory' };
    body.serviceType = [{ text: 'Test-serviceType' }];
    expect(codeOf(body)).toBe('accepted');
  });
});
