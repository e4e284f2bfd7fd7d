import type { Appointment, Bundle, Slot } from '@hub/fhir';
import type { Written } from '@hub/messaging';
import { answerBundle, writtenSlotIds } from './answer-bundle';

const sent: Bundle = {
  resourceType: 'Bundle',
  id: 'senders-bundle',
  meta: { versionId: ' 1.0.0 ', profile: ['x'] },
  timestamp: '2020-01-01T00:00:00Z',
  type: 'message',
  entry: [
    {
      fullUrl: 'urn:uuid:h',
      resource: {
        resourceType: 'MessageHeader',
        id: 'senders-header',
        eventCoding: { code: 'booking-request' },
        source: { endpoint: 'x' },
      },
    },
    {
      fullUrl: 'urn:uuid:a',
      resource: { resourceType: 'Appointment', id: 's1', status: 'booked', start: '2031-01-01T13:50:00Z', participant: [] },
    },
    { fullUrl: 'urn:uuid:p', resource: { resourceType: 'Patient', id: 's2' } },
    { fullUrl: 'urn:uuid:s/_history/3', resource: { resourceType: 'Slot', id: 's3', status: 'free', start: 'x', end: 'y', schedule: {} } },
    { fullUrl: 'urn:uuid:o', resource: { resourceType: 'Organization', id: 's4' } },
  ],
};
const stored: Appointment = {
  resourceType: 'Appointment',
  id: 'A',
  meta: { versionId: '1', lastUpdated: '2030-05-05T10:00:00.000Z' },
  status: 'booked',
  start: '2031-01-01T11:50:00.000Z',
  participant: [],
};
const storedSlot: Slot = { resourceType: 'Slot', id: 'S', status: 'busy', start: 'a', end: 'b', schedule: { reference: 'Schedule/C' } };
const written: Written = { appointment: { id: 'A', versionId: 1 }, ids: { 'urn:uuid:p': 'P', 'urn:uuid:s': 'S' } };

describe('answerBundle', () => {
  const answer = answerBundle(sent, 'urn:uuid:a', written, { appointment: stored, slots: new Map([['S', storedSlot]]) });
  const at = (i: number): unknown => answer.entry?.[i]?.resource;

  it('shows the stored Appointment and Slot, not what was sent', () => {
    expect(at(1)).toBe(stored);
    expect(at(3)).toBe(storedSlot);
  });

  it("gives the hub's ids to the entries it keeps and no id to the others", () => {
    expect(at(2)).toEqual({ resourceType: 'Patient', id: 'P' });
    expect(at(0)).not.toHaveProperty('id');
    expect(at(4)).toEqual({ resourceType: 'Organization' });
  });

  it('keeps the order and the fullUrls as sent, and leaves the request untouched', () => {
    expect(answer.entry?.map((e) => e.fullUrl)).toEqual(sent.entry?.map((e) => e.fullUrl));
    expect(sent.entry?.[1]?.resource?.id).toBe('s1');
  });

  it("builds the Bundle's own elements: a new id, the time of the write, the application version", () => {
    expect(answer).toMatchObject({ resourceType: 'Bundle', type: 'message', timestamp: '2030-05-05T10:00:00.000Z' });
    expect(answer.meta).toEqual({ versionId: '1.0.0', lastUpdated: '2030-05-05T10:00:00.000Z' });
    expect(answer.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(Object.keys(answer.entry?.[0] ?? {})).toEqual(['fullUrl', 'resource']);
  });

  it('reads the Slot entries the change touched', () => {
    expect(writtenSlotIds(sent, written)).toEqual(['S']);
  });
});
