import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fixturesRoot } from './paths';

export type Json = Record<string, any>;

export const DOS_ID = '111111111';
/** The Schedule identifier of the official booking example. */
export const EXAMPLE_SCHEDULE = { system: 'https://system.supplier.co.uk/Diary/id', value: '8622dfdb-dc6a-47b6-b3a7-2eb2829db287' };

const parsed = new Map<string, Json>();

/** A fresh copy of a published example (read from disk once per suite: the fuzz builds thousands). */
export function fixture(path: string): Json {
  let example = parsed.get(path);
  if (!example) parsed.set(path, (example = JSON.parse(readFileSync(resolve(fixturesRoot, path), 'utf8')) as Json));
  return structuredClone(example);
}

const BOOKING = 'bars/api-1.4.0/process_message/request/Booking (POST).json';

export interface SlotTime {
  start: string;
  end: string;
}

/** A future slot `n` hours from a fixed base, one hour long, so every test can have its own. */
export function futureSlot(n: number): SlotTime {
  const base = Date.UTC(2031, 0, 6, 0, 0, 0) + n * 3_600_000;
  return { start: new Date(base).toISOString(), end: new Date(base + 3_600_000).toISOString() };
}

/** The official new-booking example, moved to `slot` (Slot and Appointment times). */
export function bookingMessage(slot: SlotTime, opts: { dosId?: string } = {}): Json {
  const bundle = fixture(BOOKING);
  bundle.id = randomUUID();
  for (const entry of bundle.entry) {
    const r = entry.resource;
    if (r.resourceType === 'Slot' || r.resourceType === 'Appointment') {
      r.start = slot.start;
      r.end = slot.end;
    }
    if (r.resourceType === 'MessageHeader' && opts.dosId) r.destination[0].endpoint = `https://fhir.nhs.uk/Id/dos-service-id|${opts.dosId}`;
  }
  return bundle;
}

export function resource(bundle: Json, type: string): Json {
  return bundle.entry.find((e: Json) => e.resource?.resourceType === type)?.resource;
}

export function targetHeader(dosId = DOS_ID): string {
  return Buffer.from(JSON.stringify({ system: 'https://fhir.nhs.uk/Id/dos-service-id', value: dosId })).toString('base64');
}

export function barsHeaders(overrides: Record<string, string | undefined> = {}): Record<string, string> {
  const headers: Record<string, string | undefined> = {
    'Content-Type': 'application/fhir+json',
    Accept: 'application/fhir+json; version=1.4.0',
    'X-Request-Id': randomUUID(),
    'X-Correlation-Id': randomUUID(),
    'NHSD-Target-Identifier': targetHeader(),
    'NHSD-End-User-Organisation': Buffer.from(
      JSON.stringify({
        resourceType: 'Organization',
        identifier: [{ system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: 'A1001' }],
      }),
    ).toString('base64'),
    ...overrides,
  };
  return Object.fromEntries(Object.entries(headers).filter((e): e is [string, string] => e[1] !== undefined));
}

/** A publishing Bundle: one service, the example's Schedule identifier, and one free slot per time. */
export function availability(slots: SlotTime[], opts: { dosId?: string; useCases?: string[] } = {}): Json {
  return {
    resourceType: 'Bundle',
    type: 'collection',
    entry: [
      {
        fullUrl: 'urn:uuid:service',
        resource: {
          resourceType: 'HealthcareService',
          identifier: [{ system: 'https://fhir.nhs.uk/Id/dos-service-id', value: opts.dosId ?? DOS_ID }],
          name: 'E2E service',
          category: opts.useCases
            ? [{ coding: opts.useCases.map((code) => ({ system: 'https://fhir.nhs.uk/CodeSystem/usecases-categories-bars', code })) }]
            : undefined,
        },
      },
      {
        fullUrl: 'urn:uuid:schedule',
        resource: { resourceType: 'Schedule', identifier: [EXAMPLE_SCHEDULE], actor: [{ reference: 'urn:uuid:service' }] },
      },
      ...slots.map((s) => ({
        resource: { resourceType: 'Slot', schedule: { reference: 'urn:uuid:schedule' }, status: 'free', start: s.start, end: s.end },
      })),
    ],
  };
}
