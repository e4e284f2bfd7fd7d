import {
  type RecError,
  type Bundle,
  type BundleEntry,
  type FhirResource,
  type HealthcareService,
  type Schedule,
  type Slot,
} from '@hub/fhir';
import { parseAvailability } from './availability-bundle';
import { rejectionOf } from '../../../test/support/rec-error';

const USE_CASES = 'https://fhir.nhs.uk/CodeSystem/usecases-categories-bars';

function bundle(): Bundle {
  const entries: BundleEntry[] = [
    {
      fullUrl: 'urn:uuid:service',
      resource: {
        resourceType: 'HealthcareService',
        identifier: [
          { system: 'https://example.org/local', value: 'L1' },
          { system: 'http://fhir.nhs.uk/id/dos-service-id', value: ' 2000072489 ' },
        ],
        name: 'Urgent Treatment Centre',
        category: [{ coding: [{ system: USE_CASES, code: 'A1T2' }] }],
        type: [
          {
            coding: [
              { system: 'https://fhir.nhs.uk/Codesystem/usecases-categories-bars', code: 'a1t2' },
              { system: 'https://example.org/other', code: 'x' },
            ],
          },
        ],
        program: [{ coding: [{ system: USE_CASES, code: 'a1t1' }] }],
      },
    },
    { fullUrl: 'urn:uuid:practitioner', resource: { resourceType: 'Practitioner' } },
    {
      fullUrl: 'urn:uuid:schedule',
      resource: {
        resourceType: 'Schedule',
        identifier: [{ system: 'https://Supplier.example/Diary/', value: 'D1' }],
        actor: [{ reference: 'urn:uuid:practitioner' }, { reference: 'urn:uuid:service' }],
      },
    },
    {
      resource: {
        resourceType: 'Slot',
        schedule: { reference: 'urn:uuid:schedule' },
        start: '2024-05-01T10:00:00+01:00',
        end: '2024-05-01T10:30:00.0000001+01:00',
      } as Slot, // no status: defaults to free
    },
    {
      resource: {
        resourceType: 'Slot',
        identifier: [{ system: 'https://supplier.example/slot', value: 'S2' }],
        schedule: { reference: 'urn:uuid:schedule' },
        status: 'busy',
        start: '2024-05-01T09:30:00Z',
        end: '2024-05-01T10:00:00Z',
      },
    },
  ];
  return { resourceType: 'Bundle', type: 'collection', entry: entries };
}
const at = <T extends FhirResource>(b: Bundle, i: number): T => b.entry?.[i].resource as T;

const rejection = (body: unknown): RecError => rejectionOf(() => parseAvailability(body));

describe('parseAvailability', () => {
  it('reads services, schedules and slots of a collection', () => {
    const b = bundle();
    const out = parseAvailability(b);
    expect(out.services).toEqual([
      { key: 'service:0', dosId: '2000072489', name: 'Urgent Treatment Centre', useCases: ['a1t2', 'a1t1'], resource: at(b, 0) },
    ]);
    expect(out.schedules).toEqual([
      {
        key: 'schedule:2',
        serviceKey: 'service:0',
        identifierKey: 'https://supplier.example/diary|D1',
        locationKey: null,
        practitionerKey: null,
        resource: at(b, 2),
      },
    ]);
    expect(out.slots).toEqual([
      {
        scheduleKey: 'schedule:2',
        identifierKey: null,
        start: '2024-05-01T09:00:00.000Z',
        end: '2024-05-01T09:30:00.000Z',
        status: 'free',
        resource: at(b, 3),
      },
      {
        scheduleKey: 'schedule:2',
        identifierKey: 'https://supplier.example/slot|S2',
        start: '2024-05-01T09:30:00.000Z',
        end: '2024-05-01T10:00:00.000Z',
        status: 'busy',
        resource: at(b, 4),
      },
    ]);
  });

  it('accepts a transaction Bundle and relative references', () => {
    const b = bundle();
    b.type = 'transaction';
    at<HealthcareService>(b, 0).id = 'svc-1';
    at<Schedule>(b, 2).actor = [{ reference: 'HealthcareService/svc-1' }];
    at<Schedule>(b, 2).identifier = undefined;
    const out = parseAvailability(b);
    expect(out.schedules.map((s) => [s.serviceKey, s.identifierKey])).toEqual([['service:0', '']]);
    expect(out.slots).toHaveLength(2);
  });

  it.each<[string, unknown]>([
    ['null', null],
    ['a non-Bundle', { resourceType: 'Parameters' }],
    ['a searchset', { ...bundle(), type: 'searchset' }],
    ['a message', { ...bundle(), type: 'message' }],
  ])('rejects %s as 400 invalid', (_label, body) => {
    const e = rejection(body);
    expect([e.status, e.code, e.issue]).toEqual([400, 'REC_BAD_REQUEST', 'invalid']);
  });

  it.each<[string, (b: Bundle) => void, string, string]>([
    ['no entries', (b) => (b.entry = []), 'required', 'Bundle.entry is empty'],
    [
      'no HealthcareService',
      (b) => (b.entry = [{ resource: { resourceType: 'Practitioner' } }]),
      'required',
      'The Bundle holds no HealthcareService',
    ],
    [
      'a service without DoS identifier',
      (b) => (at<HealthcareService>(b, 0).identifier = [{ system: 'https://example.org/local', value: 'L1' }]),
      'invalid',
      'entry[0]: HealthcareService needs an identifier with system https://fhir.nhs.uk/Id/dos-service-id',
    ],
    [
      'a blank DoS identifier',
      (b) => (at<HealthcareService>(b, 0).identifier = [{ system: 'https://fhir.nhs.uk/Id/dos-service-id', value: ' ' }]),
      'invalid',
      'entry[0]: HealthcareService needs an identifier with system https://fhir.nhs.uk/Id/dos-service-id',
    ],
    [
      'a schedule actor not in the Bundle',
      (b) => (at<Schedule>(b, 2).actor = [{ reference: 'urn:uuid:elsewhere' }]),
      'invalid',
      'entry[2]: Schedule.actor must reference a HealthcareService entry of the Bundle',
    ],
    [
      'a schedule of a practitioner only',
      (b) => (at<Schedule>(b, 2).actor = [{ reference: 'urn:uuid:practitioner' }]),
      'invalid',
      'entry[2]: Schedule.actor must reference a HealthcareService entry of the Bundle',
    ],
    [
      'a slot of an unknown schedule',
      (b) => (at<Slot>(b, 4).schedule = { reference: 'urn:uuid:service' }),
      'invalid',
      'entry[4]: Slot.schedule must reference a Schedule entry of the Bundle',
    ],
    [
      'a slot ending before it starts (across offsets)',
      (b) => Object.assign(at<Slot>(b, 3), { start: '2024-05-01T10:00:00Z', end: '2024-05-01T10:30:00+01:00' }),
      'value',
      'entry[3]: Slot.end must be after Slot.start',
    ],
    [
      'a slot ending when it starts',
      (b) => Object.assign(at<Slot>(b, 4), { end: '2024-05-01T10:30:00+01:00' }),
      'value',
      'entry[4]: Slot.end must be after Slot.start',
    ],
    [
      'a slot start without time zone',
      (b) => (at<Slot>(b, 4).start = '2024-05-01T09:30:00'),
      'value',
      'entry[4]: Slot.start and Slot.end must be FHIR instants with a time zone',
    ],
    [
      'a slot with an unknown status',
      (b) => (at<Slot>(b, 4).status = 'open' as Slot['status']),
      'value',
      'entry[4]: Slot.status "open" is not a Slot status',
    ],
  ])('rejects %s', (_label, mutate, issue, diagnostics) => {
    const b = bundle();
    mutate(b);
    const e = rejection(b);
    expect([e.status, e.code, e.issue, e.diagnostics]).toEqual([400, 'REC_BAD_REQUEST', issue, diagnostics]);
  });

  it.each(['free', 'busy', 'busy-unavailable', 'busy-tentative', 'entered-in-error'] as const)('accepts Slot.status %s', (status) => {
    const b = bundle();
    at<Slot>(b, 4).status = status;
    expect(parseAvailability(b).slots[1].status).toBe(status);
  });
});
