import { Systems, type Bundle, type BundleEntry } from '@hub/fhir';

export interface DemoOptions {
  dosId: string;
  days: number;
  minutes: number;
  /** First and last hour (UTC) of each day's sessions. */
  fromHour?: number;
  toHour?: number;
  /** `system|value` of the schedule, so senders can name it. */
  scheduleIdentifier?: { system: string; value: string };
  name?: string;
  now?: Date;
}

/**
 * A publishing Bundle with free slots of `minutes` each, every day for `days` days from now, between
 * `fromHour` and `toHour` UTC. Used by `npm run seed` and the quick start's demo service.
 */
export function demoAvailability(o: DemoOptions): Bundle {
  const from = o.fromHour ?? 8;
  const to = o.toHour ?? 18;
  const now = o.now ?? new Date();
  const entries: BundleEntry[] = [
    {
      fullUrl: 'urn:uuid:service',
      resource: {
        resourceType: 'HealthcareService',
        identifier: [{ system: Systems.dosServiceId, value: o.dosId }],
        name: o.name ?? `Service ${o.dosId}`,
        active: true,
      },
    },
    {
      fullUrl: 'urn:uuid:schedule',
      resource: {
        resourceType: 'Schedule',
        identifier: o.scheduleIdentifier ? [o.scheduleIdentifier] : undefined,
        actor: [{ reference: 'urn:uuid:service' }],
      },
    },
  ];
  const day0 = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const step = o.minutes * 60_000;
  for (let d = 0; d < o.days; d++) {
    for (let t = day0 + d * 86_400_000 + from * 3_600_000; t + step <= day0 + d * 86_400_000 + to * 3_600_000; t += step) {
      if (t <= now.getTime()) continue;
      entries.push({
        resource: {
          resourceType: 'Slot',
          schedule: { reference: 'urn:uuid:schedule' },
          status: 'free',
          start: new Date(t).toISOString(),
          end: new Date(t + step).toISOString(),
        },
      });
    }
  }
  return { resourceType: 'Bundle', type: 'collection', entry: entries };
}
