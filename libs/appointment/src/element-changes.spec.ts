import type { Appointment } from '@hub/fhir';
import { changedElements } from './element-changes';

const stored: Appointment = {
  resourceType: 'Appointment',
  id: 'a1',
  meta: { versionId: '1', lastUpdated: '2031-01-01T00:00:00.000Z' },
  status: 'booked',
  description: 'Reason for calling',
  start: '2031-01-06T10:00:00.000Z',
  end: '2031-01-06T11:00:00.000Z',
  created: '2031-01-01T00:00:00.000Z',
  slot: [{ reference: 'Slot/s1' }],
  participant: [{ actor: { reference: 'Patient/p1' }, status: 'accepted' }],
};

describe('changedElements', () => {
  it('ignores what an update may change and what the hub owns (ids, references, times, meta)', () => {
    const sent: Appointment = {
      ...stored,
      id: undefined,
      meta: { lastUpdated: '2031-02-01T00:00:00Z' },
      reasonCode: [{ text: 'new reason' }],
      start: '2031-01-06T10:00:00+00:00',
      created: undefined,
      slot: [{ reference: 'urn:uuid:x' }],
      participant: [{ actor: { reference: 'urn:uuid:y' }, status: 'accepted' }],
    };
    expect(changedElements(stored, sent)).toEqual([]);
  });

  it('names every other changed, added or removed element, sorted', () => {
    const sent: Appointment = {
      ...stored,
      description: 'other',
      priority: 1,
      participant: [{ actor: { reference: 'urn:uuid:y' }, status: 'declined' }],
    };
    expect(changedElements(stored, sent)).toEqual(['Appointment.description', 'Appointment.priority', 'Appointment.participant']);
  });

  it('compares objects regardless of key order', () => {
    const a: Appointment = { ...stored, serviceCategory: [{ coding: [{ system: 's', code: 'c' }] }] };
    const b: Appointment = { ...stored, serviceCategory: [{ coding: [{ code: 'c', system: 's' }] }] };
    expect(changedElements(a, b)).toEqual([]);
  });
});
