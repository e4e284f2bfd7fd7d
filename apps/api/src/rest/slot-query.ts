import type { SlotQuery } from '@hub/appointment';
import { IssueList, RecError, parseInstant } from '@hub/fhir';
import { queryList } from './fhir-request';
import { parsePage, type Page } from './paging';

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
/** The page size when `_count` is absent, and the largest served: the cap a search had before paging. */
export const SLOT_PAGE = 2000;

function dateBound(raw: string, end: boolean): string | undefined {
  // A `+` left unencoded in a query string arrives as a space.
  const v = raw.replace(/ (\d{2}:\d{2})$/, '+$1');
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return parseInstant(`${v}T${end ? '23:59:59.999' : '00:00:00'}Z`);
  return parseInstant(v);
}

export interface ParsedSlotQuery {
  query: SlotQuery;
  /** The search as understood, without paging: the base of the searchset's links. */
  params: URLSearchParams;
  page: Page;
}

/**
 * Parses `GET /Slot` parameters. Every missing or invalid parameter is reported at once, one issue each
 * (400); only a well-formed search can then be refused as too costly (422).
 */
export function parseSlotQuery(q: Record<string, unknown>, maxDays: number): ParsedSlotQuery {
  const issues = new IssueList();
  const statuses = queryList(q.status);
  if (statuses.length === 0) issues.add('required', 'status is required: free, busy or free,busy');
  else if (statuses.some((s) => s !== 'free' && s !== 'busy')) issues.add('value', 'status must be free and/or busy');

  const starts = queryList(q.start);
  const lower = starts.find((s) => /^g[et]/.test(s));
  const upper = starts.find((s) => /^l[et]/.test(s));
  if (!lower) issues.add('required', 'start=ge<instant> is required (start is given twice: start=ge…&start=le…)');
  if (!upper) issues.add('required', 'start=le<instant> is required (start is given twice: start=ge…&start=le…)');
  const from = lower === undefined ? undefined : dateBound(lower.slice(2), false);
  const to = upper === undefined ? undefined : dateBound(upper.slice(2), true);
  if (lower && !from) issues.add('value', 'start=ge must be a FHIR dateTime with a time zone, e.g. ge2031-01-06T09:00:00Z');
  if (upper && !to) issues.add('value', 'start=le must be a FHIR dateTime with a time zone, e.g. le2031-01-06T17:00:00Z');
  if (from && to && to < from) issues.add('value', 'start=le must not be before start=ge');

  const service = queryList(q['Schedule.actor:HealthcareService'])[0];
  if (!service) issues.add('required', 'Schedule.actor:HealthcareService is required: the service (DoS) id, e.g. 111111111');
  const page = parsePage(q, issues, SLOT_PAGE, SLOT_PAGE);
  issues.throwIfAny();

  const range = { from: from as string, to: to as string };
  if (Date.parse(range.to) - Date.parse(range.from) > maxDays * 86_400_000) {
    throw RecError.unprocessable('too-costly', `The start range is wider than ${maxDays} days; search a narrower range`);
  }
  const dosId = service.split('|').pop() as string;
  const includes = queryList(q._include).filter((i) => SUPPORTED_INCLUDES.includes(i));
  const params = new URLSearchParams();
  params.set('status', statuses.join(','));
  params.append('start', `ge${range.from}`);
  params.append('start', `le${range.to}`);
  params.set('Schedule.actor:HealthcareService', dosId);
  for (const i of includes) params.append('_include', i);
  return {
    query: {
      statuses: statuses as SlotQuery['statuses'],
      ...range,
      serviceDosId: dosId,
      includeSchedules: includes.includes('Slot:schedule') || includes.includes('Slot:*'),
      includeServices: includes.includes('Schedule:actor:HealthcareService'),
      includePractitioners: includes.includes('Schedule:actor:Practitioner'),
      includePractitionerRoles: includes.includes('Schedule:actor:PractitionerRole'),
      // The places of the slots: their schedules' Location (the service's location for BaRS senders).
      includeLocations: includes.includes('Schedule:actor:Location') || includes.includes('HealthcareService:location'),
      offset: page.offset,
      count: page.count,
    },
    params,
    page,
  };
}
