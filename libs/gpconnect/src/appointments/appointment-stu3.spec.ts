import { toStu3Appointment } from './appointment-stu3';
import { Extensions } from './profiles';
import type { StoredAppointment } from './stored';

const stored = (over: Partial<StoredAppointment['row']> = {}): StoredAppointment => ({
  row: {
    id: 'a1',
    versionId: 3,
    status: 'booked',
    // 10:00 in London in July is 09:00Z (BST); created in January, GMT.
    startAt: '2031-07-01T09:00:00.000Z',
    endAt: '2031-07-01T09:15:00.000Z',
    created: '2031-01-10T12:00:00.000Z',
    lastUpdated: '2031-01-10T12:00:00.000Z',
    resource: {
      resourceType: 'Appointment',
      status: 'booked',
      description: 'd',
      reasonCode: [{ text: 'never shown' }],
      slot: [{ reference: 'Slot/s1' }],
      participant: [
        {
          actor: { reference: 'Patient/p1' },
          status: 'accepted',
          type: [{ coding: [{ system: 'http://hl7.org/fhir/encounter-participant-type', code: 'PART' }, { code: 'X' }] }],
        },
        { actor: { reference: 'urn:uuid:not-a-hub-reference' }, status: 'accepted' },
      ],
    },
    ...over,
  },
  bookingOrganisation: { odsCode: 'A20047', name: 'Test Suite Validator', telecom: [{ system: 'phone', value: '0300' }] },
  slots: [
    {
      id: 's1',
      scheduleId: 'sc1',
      startAt: '2031-07-01T09:00:00.000Z',
      endAt: '2031-07-01T09:15:00.000Z',
      status: 'busy',
      resource: {
        resourceType: 'Slot',
        status: 'busy',
        schedule: {},
        start: '',
        end: '',
        serviceType: [{ text: 'GP' }],
        extension: [{ url: Extensions.deliveryChannel, valueCode: 'Telephone' }],
      },
    },
  ],
  schedules: [
    { id: 'sc1', resource: { resourceType: 'Schedule', actor: [], serviceCategory: [{ coding: [{ code: 'x', display: 'Session' }] }] } },
  ],
});

describe('toStu3Appointment (GPCONNECT.md §3.3)', () => {
  it('UK local times with the offset in force: BST for July, GMT for January', () => {
    const a = toStu3Appointment(stored());
    expect(a.start).toBe('2031-07-01T10:00:00+01:00');
    expect(a.end).toBe('2031-07-01T10:15:00+01:00');
    expect(a.created).toBe('2031-01-10T12:00:00+00:00');
  });

  it('the booking organisation contained as #1 and referenced by its extension; version, profile, practice data', () => {
    const a = toStu3Appointment(stored());
    expect(a.meta).toMatchObject({ versionId: '3', profile: ['https://fhir.nhs.uk/STU3/StructureDefinition/GPConnect-Appointment-1'] });
    expect(a.contained).toEqual([expect.objectContaining({ resourceType: 'Organization', id: '1', name: 'Test Suite Validator' })]);
    expect(a.extension).toContainEqual({ url: Extensions.bookingOrganisation, valueReference: { reference: '#1' } });
    expect(a.extension).toContainEqual({ url: Extensions.deliveryChannel, valueCode: 'Telephone' });
    expect(a.serviceType).toEqual([{ text: 'GP' }]);
    expect(a.serviceCategory).toEqual({ text: 'Session' });
  });

  it('never reason or specialty; participants with hub references only, each type with one coding', () => {
    const a = toStu3Appointment(stored()) as unknown as Record<string, unknown>;
    expect(a.reason).toBeUndefined();
    expect(a.specialty).toBeUndefined();
    const participants = a.participant as fhir3.AppointmentParticipant[];
    expect(participants).toHaveLength(1);
    expect(participants[0].type?.[0].coding).toHaveLength(1);
  });

  it('a cancelled appointment carries its reason as the cancellation-reason extension', () => {
    const s = stored({ status: 'cancelled' });
    s.row.resource.cancelationReason = { text: 'double booked' };
    expect(toStu3Appointment(s).extension).toContainEqual({ url: Extensions.cancellationReason, valueString: 'double booked' });
    expect(toStu3Appointment(s).status).toBe('cancelled');
  });
});
