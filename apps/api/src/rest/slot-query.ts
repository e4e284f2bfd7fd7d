import type { SlotQuery } from '@hub/appointment';
import { RecError, parseInstant } from '@hub/fhir';
import { queryList } from './fhir-request';

/** `_include`s the hub can serve; others are ignored and left out of the self link (BARS.md §3). */
const SUPPORTED_INCLUDES = [
  'Slot:schedule',
  'Schedule:actor:HealthcareService',
  'Slot:*',
  'Schedule:actor:Practitioner',
  'Schedule:actor:PractitionerRole',
  'Schedule:actor:Location',
  'HealthcareService:location',
];

function dateBound(raw: string, end: boolean): string | undefined {
  // A `+` left unencoded in a query string arrives as a space.
  const v = raw.replace(/ (\d{2}:\d{2})$/, '+$1');
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return parseInstant(`${v}T${end ? '23:59:59.999' : '00:00:00'}Z`);
  return parseInstant(v);
}

export interface ParsedSlotQuery {
  query: SlotQuery;
  /** The query as understood, for the searchset's self link. */
  self: string;
}

/** Parses `GET /Slot` parameters; every refusal names the parameter. */
export function parseSlotQuery(q: Record<string, unknown>, maxDays: number): ParsedSlotQuery {
  const statuses = queryList(q.status);
  if (statuses.length === 0) throw RecError.badRequest('required', 'The status parameter is required (free, busy or free,busy)');
  if (statuses.some((s) => s !== 'free' && s !== 'busy')) throw RecError.badRequest('value', 'status must be free and/or busy');
  const starts = queryList(q.start);
  const lower = starts.find((s) => /^g[et]/.test(s));
  const upper = starts.find((s) => /^l[et]/.test(s));
  if (!lower || !upper) throw RecError.badRequest('required', 'start is required twice: start=ge<instant>&start=le<instant>');
  const from = dateBound(lower.slice(2), false);
  const to = dateBound(upper.slice(2), true);
  if (!from || !to) throw RecError.badRequest('value', 'start must be a FHIR dateTime with a time zone, prefixed ge and le');
  if (to < from) throw RecError.badRequest('value', 'start=le must not be before start=ge');
  if (Date.parse(to) - Date.parse(from) > maxDays * 86_400_000) {
    throw RecError.unprocessable('too-costly', `The start range is wider than ${maxDays} days; search a narrower range`);
  }
  const service = queryList(q['Schedule.actor:HealthcareService'])[0];
  if (!service) throw RecError.badRequest('required', 'Schedule.actor:HealthcareService (the service id) is required');
  const dosId = service.split('|').pop() as string;
  const includes = queryList(q._include).filter((i) => SUPPORTED_INCLUDES.includes(i));
  const params = new URLSearchParams();
  params.set('status', statuses.join(','));
  params.append('start', `ge${from}`);
  params.append('start', `le${to}`);
  params.set('Schedule.actor:HealthcareService', dosId);
  for (const i of includes) params.append('_include', i);
  return {
    query: {
      statuses: statuses as SlotQuery['statuses'],
      from,
      to,
      serviceDosId: dosId,
      includeSchedules: includes.includes('Slot:schedule') || includes.includes('Slot:*'),
      includeServices: includes.includes('Schedule:actor:HealthcareService'),
      includePractitioners: includes.includes('Schedule:actor:Practitioner'),
      includePractitionerRoles: includes.includes('Schedule:actor:PractitionerRole'),
      // The places of the slots: their schedules' Location (the service's location for BaRS senders).
      includeLocations: includes.includes('Schedule:actor:Location') || includes.includes('HealthcareService:location'),
    },
    self: `Slot?${params.toString()}`,
  };
}
