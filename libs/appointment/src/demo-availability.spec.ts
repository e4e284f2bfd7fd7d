import { type HealthcareService, type Schedule, type Slot } from '@hub/fhir';
import { parseAvailability } from './availability-bundle';
import { demoAvailability } from './demo-availability';

const slotsOf = (bundle: ReturnType<typeof demoAvailability>): Slot[] =>
  (bundle.entry ?? []).map((e) => e.resource).filter((r): r is Slot => r?.resourceType === 'Slot');

describe('demoAvailability', () => {
  it.each([
    // label, now, days, minutes, fromHour, toHour, slots, first start, last end
    ['from midnight, 2 days of 30 min', '2024-01-01T00:00:00Z', 2, 30, undefined, undefined, 40, '2024-01-01T08:00', '2024-01-02T18:00'],
    [
      '1 day of 45 min (partial slot dropped)',
      '2024-01-01T00:00:00Z',
      1,
      45,
      undefined,
      undefined,
      13,
      '2024-01-01T08:00',
      '2024-01-01T17:45',
    ],
    ['1 day of 60 min', '2024-01-01T06:59:59Z', 1, 60, undefined, undefined, 10, '2024-01-01T08:00', '2024-01-01T18:00'],
    ['mid-session: started slots skipped', '2024-01-01T12:10:00Z', 2, 30, undefined, undefined, 31, '2024-01-01T12:30', '2024-01-02T18:00'],
    [
      'exactly at a slot start: that slot skipped',
      '2024-01-01T12:00:00Z',
      1,
      30,
      undefined,
      undefined,
      11,
      '2024-01-01T12:30',
      '2024-01-01T18:00',
    ],
    ['after the last session', '2024-01-01T18:00:00Z', 2, 15, undefined, undefined, 40, '2024-01-02T08:00', '2024-01-02T18:00'],
    ['custom hours 9-12, 3 days of 60 min', '2024-02-28T00:00:00Z', 3, 60, 9, 12, 9, '2024-02-28T09:00', '2024-03-01T12:00'],
    [
      'a non-UTC now picks the UTC day',
      '2024-01-01T23:30:00-05:00',
      1,
      60,
      undefined,
      undefined,
      10,
      '2024-01-02T08:00',
      '2024-01-02T18:00',
    ],
  ])('%s', (_label, now, days, minutes, fromHour, toHour, count, first, last) => {
    const slots = slotsOf(demoAvailability({ dosId: '2000072489', days, minutes, fromHour, toHour, now: new Date(now) }));
    expect(slots).toHaveLength(count);
    expect(slots[0].start).toBe(`${first}:00.000Z`);
    expect(slots[slots.length - 1].end).toBe(`${last}:00.000Z`);
    for (const slot of slots) {
      expect(Date.parse(slot.end) - Date.parse(slot.start)).toBe(minutes * 60_000);
      expect(Date.parse(slot.start)).toBeGreaterThan(Date.parse(now));
      expect(slot.status).toBe('free');
      expect(slot.schedule.reference).toBe('urn:uuid:schedule');
    }
  });

  it('returns no slots after the last session of a single day', () => {
    expect(slotsOf(demoAvailability({ dosId: '1', days: 1, minutes: 30, now: new Date('2024-01-01T17:31:00Z') }))).toHaveLength(0);
    expect(slotsOf(demoAvailability({ dosId: '1', days: 0, minutes: 30, now: new Date('2024-01-01T00:00:00Z') }))).toHaveLength(0);
  });

  it('describes the service and schedule', () => {
    const bundle = demoAvailability({
      dosId: '2000072489',
      days: 1,
      minutes: 30,
      name: 'Demo UTC',
      scheduleIdentifier: { system: 'https://hub.example/schedule', value: 'demo' },
      now: new Date('2024-01-01T00:00:00Z'),
    });
    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'collection' });
    const [service, schedule] = (bundle.entry ?? []).map((e) => e.resource);
    expect(service as HealthcareService).toEqual({
      resourceType: 'HealthcareService',
      identifier: [{ system: 'https://fhir.nhs.uk/Id/dos-service-id', value: '2000072489' }],
      name: 'Demo UTC',
      active: true,
    });
    expect((schedule as Schedule).identifier).toEqual([{ system: 'https://hub.example/schedule', value: 'demo' }]);
    expect((schedule as Schedule).actor).toEqual([{ reference: 'urn:uuid:service' }]);
  });

  it('names the service after its DoS id by default', () => {
    const bundle = demoAvailability({ dosId: '42', days: 0, minutes: 30, now: new Date('2024-01-01T00:00:00Z') });
    expect((bundle.entry?.[0].resource as HealthcareService).name).toBe('Service 42');
    expect((bundle.entry?.[1].resource as Schedule).identifier).toBeUndefined();
  });

  it('publishes a Bundle that parseAvailability accepts', () => {
    const out = parseAvailability(demoAvailability({ dosId: '2000072489', days: 2, minutes: 20, now: new Date('2024-01-01T00:00:00Z') }));
    expect(out.services.map((s) => s.dosId)).toEqual(['2000072489']);
    expect(out.schedules).toHaveLength(1);
    expect(out.slots).toHaveLength(60);
    expect(new Set(out.slots.map((s) => s.scheduleKey))).toEqual(new Set([out.schedules[0].key]));
    expect(out.slots[0]).toMatchObject({ start: '2024-01-01T08:00:00.000Z', end: '2024-01-01T08:20:00.000Z', status: 'free' });
  });
});
