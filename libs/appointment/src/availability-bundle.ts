import { BundleIndex, identifierKey } from '@hub/message';
import { RecError, Systems, parseInstant, sameSystem, type Bundle, type HealthcareService, type Schedule, type Slot } from '@hub/fhir';
import { checkDeliveryChannel, hasDirectory, parseDirectory, type Directory } from './directory-bundle';
import type { SlotStatus } from './entities';

export interface ServiceInput {
  key: string;
  dosId: string;
  name: string | null;
  useCases: string[];
  resource: HealthcareService;
}
export interface ScheduleInput {
  key: string;
  serviceKey: string;
  identifierKey: string;
  /** `Schedule.actor` Location / Practitioner entries of the Bundle, if any. */
  locationKey: string | null;
  practitionerKey: string | null;
  resource: Schedule;
}
export interface SlotInput {
  scheduleKey: string;
  identifierKey: string | null;
  start: string;
  end: string;
  status: SlotStatus;
  resource: Slot;
}
export interface Availability {
  directory: Directory;
  services: ServiceInput[];
  schedules: ScheduleInput[];
  slots: SlotInput[];
}

const SLOT_STATUSES: readonly SlotStatus[] = ['free', 'busy', 'busy-unavailable', 'busy-tentative', 'entered-in-error'];

function useCasesOf(service: HealthcareService): string[] {
  const concepts = [...(service.category ?? []), ...(service.type ?? []), ...(service.characteristic ?? []), ...(service.program ?? [])];
  const codes = concepts.flatMap((c) => c.coding ?? []).filter((c) => sameSystem(c.system, Systems.useCases) && typeof c.code === 'string');
  return [...new Set(codes.map((c) => (c.code as string).toLowerCase()))];
}

const bad = (diagnostics: string): RecError => RecError.badRequest('invalid', diagnostics);

/**
 * Reads a publishing Bundle (`collection` or `transaction`) of HealthcareService, Schedule and Slot
 * entries. References are resolved inside the Bundle. Problems are reported by entry index.
 */
export function parseAvailability(body: unknown): Availability {
  const bundle = body as Bundle | null;
  if (bundle?.resourceType !== 'Bundle' || (bundle.type !== 'collection' && bundle.type !== 'transaction')) {
    throw bad('The body must be a Bundle of type "collection" or "transaction"');
  }
  if (!Array.isArray(bundle.entry) || bundle.entry.length === 0) throw RecError.badRequest('required', 'Bundle.entry is empty');
  const index = new BundleIndex(bundle, { matchIds: true });
  const keyOf = new Map<object, string>();
  const out: Availability = { directory: parseDirectory(bundle, index, keyOf), services: [], schedules: [], slots: [] };

  bundle.entry.forEach((entry, i) => {
    const r = entry?.resource;
    if (r?.resourceType !== 'HealthcareService') return;
    const dos = r.identifier?.find(
      (id) => sameSystem(id.system, Systems.dosServiceId) && typeof id.value === 'string' && id.value.trim() !== '',
    );
    if (!dos) throw bad(`entry[${i}]: HealthcareService needs an identifier with system ${Systems.dosServiceId}`);
    const key = `service:${i}`;
    keyOf.set(r, key);
    out.services.push({ key, dosId: (dos.value as string).trim(), name: r.name ?? null, useCases: useCasesOf(r), resource: r });
  });
  bundle.entry.forEach((entry, i) => {
    const r = entry?.resource;
    if (r?.resourceType !== 'Schedule') return;
    const service = (r.actor ?? []).map((a) => index.resolve(a?.reference, 'HealthcareService')).find((s) => s !== undefined);
    if (!service) throw bad(`entry[${i}]: Schedule.actor must reference a HealthcareService entry of the Bundle`);
    const key = `schedule:${i}`;
    keyOf.set(r, key);
    // A Location or Practitioner actor must be an entry of the Bundle; a Practitioner without an SDS
    // user id is not published (as before GP Connect), so it links nothing.
    const actorKey = (type: 'Location' | 'Practitioner'): string | null => {
      for (const a of r.actor ?? []) {
        const found = index.resolve(a?.reference, type);
        if (found) return keyOf.get(found) ?? null;
        if (typeof a?.reference === 'string' && a.reference.split('/').slice(-2)[0] === type) {
          throw bad(`entry[${i}]: Schedule.actor ${type} must reference a ${type} entry of the Bundle`);
        }
      }
      return null;
    };
    out.schedules.push({
      key,
      serviceKey: keyOf.get(service) as string,
      identifierKey: identifierKey(r.identifier) ?? '',
      locationKey: actorKey('Location'),
      practitionerKey: actorKey('Practitioner'),
      resource: r,
    });
  });
  bundle.entry.forEach((entry, i) => {
    const r = entry?.resource;
    if (r?.resourceType !== 'Slot') return;
    const schedule = index.resolve(r.schedule?.reference, 'Schedule');
    if (!schedule) throw bad(`entry[${i}]: Slot.schedule must reference a Schedule entry of the Bundle`);
    const start = parseInstant(r.start);
    const end = parseInstant(r.end);
    if (!start || !end) throw RecError.badRequest('value', `entry[${i}]: Slot.start and Slot.end must be FHIR instants with a time zone`);
    if (end <= start) throw RecError.badRequest('value', `entry[${i}]: Slot.end must be after Slot.start`);
    const status = r.status ?? 'free';
    checkDeliveryChannel(r, i);
    if (!SLOT_STATUSES.includes(status))
      throw RecError.badRequest('value', `entry[${i}]: Slot.status "${String(r.status)}" is not a Slot status`);
    out.slots.push({
      scheduleKey: keyOf.get(schedule) as string,
      identifierKey: identifierKey(r.identifier) ?? null,
      start,
      end,
      status,
      resource: r,
    });
  });
  if (out.services.length === 0 && !hasDirectory(out.directory))
    throw RecError.badRequest('required', 'The Bundle holds no HealthcareService');
  return out;
}
