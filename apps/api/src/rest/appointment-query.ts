import type { AppointmentQuery } from '@hub/appointment';
import { IssueList, Systems, isValidNhsNumber, parseInstant, sameSystem, splitToken } from '@hub/fhir';
import { appointmentId, queryList } from './fhir-request';
import { parsePage, type Page } from './paging';

const OPS: Record<string, '>=' | '<=' | '>' | '<' | '='> = { ge: '>=', le: '<=', gt: '>', lt: '<', eq: '=' };
/** The page size when `_count` is absent, and the largest served: the cap a search had before paging. */
export const APPOINTMENT_PAGE = 100;
/** Parameters the search understands; they, and only they, are carried into the paging links. */
const SEARCH_PARAMS = ['patient:identifier', 'patient:name', 'patient:birthdate', 'patient:address-postalcode', '_id', 'date'];

export interface ParsedAppointmentQuery {
  query: AppointmentQuery;
  /** The search without paging, for the searchset's links. */
  params: URLSearchParams;
  page: Page;
}

/**
 * `GET /Appointment` parameters (BARS.md §3): `patient:identifier` (nhs-number|…), or `patient:name`,
 * `patient:birthdate` and `patient:address-postalcode` together; `_id` and `date` narrow either. Every
 * missing or invalid parameter is reported at once, one issue each.
 */
export function parseAppointmentQuery(q: Record<string, unknown>): ParsedAppointmentQuery {
  const issues = new IssueList();
  const out: AppointmentQuery = {};
  const identifier = queryList(q['patient:identifier'])[0];
  if (identifier !== undefined) {
    const token = splitToken(identifier);
    if (!token || !sameSystem(token.system, Systems.nhsNumber) || !isValidNhsNumber(token.value)) {
      issues.add('value', 'patient:identifier must be https://fhir.nhs.uk/Id/nhs-number|<a valid NHS number>');
    } else out.nhsNumber = token.value;
  }
  const name = queryList(q['patient:name'])[0];
  const birth = queryList(q['patient:birthdate'])[0];
  const postal = queryList(q['patient:address-postalcode'])[0];
  if (name !== undefined || birth !== undefined || postal !== undefined) {
    const given = { 'patient:name': name, 'patient:birthdate': birth, 'patient:address-postalcode': postal };
    for (const [param, value] of Object.entries(given)) {
      if (!value)
        issues.add('required', `${param} is required: patient:name, patient:birthdate and patient:address-postalcode are used together`);
    }
    const date = birth?.replace(/^eq/, '');
    if (date && !/^\d{4}-\d{2}-\d{2}$/.test(date)) issues.add('value', 'patient:birthdate must be a date (eqYYYY-MM-DD)');
    if (name && date && postal) Object.assign(out, { name, birthDate: date, postalCode: postal });
  }
  const id = queryList(q._id)[0];
  if (id !== undefined) out.id = issues.check(() => appointmentId(id));
  out.dates = [];
  for (const d of queryList(q.date)) {
    const op = OPS[d.slice(0, 2)];
    const instant = parseInstant(op ? d.slice(2).replace(/ (\d{2}:\d{2})$/, '+$1') : d);
    if (!instant) issues.add('value', 'date must be a FHIR instant, optionally prefixed ge, le, gt, lt or eq');
    else out.dates.push([op ?? '=', instant]);
  }
  if (identifier === undefined && name === undefined && birth === undefined && postal === undefined && id === undefined) {
    issues.add('required', 'Search by patient:identifier, or by patient:name, patient:birthdate and patient:address-postalcode');
  }
  const page = parsePage(q, issues, APPOINTMENT_PAGE, APPOINTMENT_PAGE);
  issues.throwIfAny();
  const params = new URLSearchParams();
  for (const p of SEARCH_PARAMS) for (const v of queryList(q[p])) params.append(p, v);
  return { query: { ...out, offset: page.offset, count: page.count }, params, page };
}
