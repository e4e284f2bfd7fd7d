import type { AppointmentQuery } from '@hub/appointment';
import { RecError, Systems, isValidNhsNumber, parseInstant, sameSystem, splitToken } from '@hub/fhir';
import { appointmentId, queryList } from './fhir-request';

const OPS: Record<string, '>=' | '<=' | '>' | '<' | '='> = { ge: '>=', le: '<=', gt: '>', lt: '<', eq: '=' };

/**
 * `GET /Appointment` parameters (BARS.md §3): `patient:identifier` (nhs-number|…), or `patient:name`,
 * `patient:birthdate` and `patient:address-postalcode` together; `_id` and `date` narrow either.
 */
export function parseAppointmentQuery(q: Record<string, unknown>): AppointmentQuery {
  const out: AppointmentQuery = {};
  const identifier = queryList(q['patient:identifier'])[0];
  if (identifier !== undefined) {
    const token = splitToken(identifier);
    if (!token || !sameSystem(token.system, Systems.nhsNumber) || !isValidNhsNumber(token.value)) {
      throw RecError.badRequest('value', 'patient:identifier must be https://fhir.nhs.uk/Id/nhs-number|<a valid NHS number>');
    }
    out.nhsNumber = token.value;
  }
  const name = queryList(q['patient:name'])[0];
  const birth = queryList(q['patient:birthdate'])[0];
  const postal = queryList(q['patient:address-postalcode'])[0];
  if (name !== undefined || birth !== undefined || postal !== undefined) {
    if (!name || !birth || !postal) {
      throw RecError.badRequest('required', 'patient:name, patient:birthdate and patient:address-postalcode are used together');
    }
    const date = birth.replace(/^eq/, '');
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw RecError.badRequest('value', 'patient:birthdate must be a date (eqYYYY-MM-DD)');
    Object.assign(out, { name, birthDate: date, postalCode: postal });
  }
  const id = queryList(q._id)[0];
  if (id !== undefined) out.id = appointmentId(id);
  out.dates = queryList(q.date).map((d) => {
    const op = OPS[d.slice(0, 2)];
    const instant = parseInstant(op ? d.slice(2).replace(/ (\d{2}:\d{2})$/, '+$1') : d);
    if (!instant) throw RecError.badRequest('value', 'date must be a FHIR instant, optionally prefixed ge, le, gt, lt or eq');
    return [op ?? '=', instant];
  });
  if (out.nhsNumber === undefined && out.name === undefined && out.id === undefined) {
    throw RecError.badRequest(
      'required',
      'Search by patient:identifier, or by patient:name, patient:birthdate and patient:address-postalcode',
    );
  }
  return out;
}
