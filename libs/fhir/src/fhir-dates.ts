import { RecError } from './rec-error';
import { pathOf, walkJson } from './walk';

/**
 * FHIR R4's date, dateTime and instant, by the regular expressions of the R4 datatypes page
 * (hl7.org/fhir/R4/datatypes.html), plus the calendar check the expressions leave out (no 30 February).
 * A time without a zone is not a FHIR dateTime or instant: "If hours and minutes are specified, a time
 * zone SHALL be populated".
 */
const YEAR = '([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)';
const TIME = 'T([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\\.[0-9]+)?(Z|(\\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00))';
const DATE = new RegExp(`^${YEAR}(-(0[1-9]|1[0-2])(-(0[1-9]|[1-2][0-9]|3[0-1]))?)?$`);
const DATE_TIME = new RegExp(`^${YEAR}(-(0[1-9]|1[0-2])(-(0[1-9]|[1-2][0-9]|3[0-1])(${TIME})?)?)?$`);
const INSTANT = new RegExp(`^${YEAR}-(0[1-9]|1[0-2])-(0[1-9]|[1-2][0-9]|3[0-1])${TIME}$`);

export type FhirTemporal = 'date' | 'dateTime' | 'instant';

const PATTERNS: Record<FhirTemporal, RegExp> = { date: DATE, dateTime: DATE_TIME, instant: INSTANT };

/** The number the ASCII digits `value[from, from + count)` spell, or -1 when one of them is not a digit. */
function digits(value: string, from: number, count: number): number {
  let n = 0;
  for (let i = from; i < from + count; i++) {
    const d = value.charCodeAt(i) - 48;
    if (!(d >= 0 && d <= 9)) return -1;
    n = n * 10 + d;
  }
  return n;
}

/**
 * The last day of `month` (1–12) as `Date.UTC` counts it: a year below 100 is read as 1900 + year
 * (ECMAScript MakeFullYear), then the Gregorian leap rule. Every message's dates pass here: no Date.
 */
export function lastDayOf(year: number, month: number): number {
  if (month !== 2) return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  const y = year <= 99 ? 1900 + year : year;
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
}

/** A day that exists: the expressions above accept 2021-02-30. */
function realDay(value: string): boolean {
  // `YYYY-MM-DD` at the start; anything shorter (a year, a month) names no day.
  if (value.length < 10 || value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45) return true;
  const year = digits(value, 0, 4);
  const month = digits(value, 5, 2);
  const day = digits(value, 8, 2);
  if (year < 0 || month < 0 || day < 0) return true;
  return month < 1 || month > 12 ? day <= lastDayOutside(year, month) : day <= lastDayOf(year, month);
}

/** Months 0 and 13–99, which the expressions never let through: as `Date.UTC` rolls them over. */
function lastDayOutside(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function isFhirTemporal(value: unknown, type: FhirTemporal): boolean {
  return typeof value === 'string' && PATTERNS[type].test(value) && realDay(value);
}

/**
 * The elements of a resource whose type is a date, dateTime or instant, by name. R4 names them so that
 * the name says the type for every choice element (`valueDateTime`, `deceasedDateTime`, `onsetDateTime`),
 * and the others the hub reads or echoes are listed. `start`/`end` are instants on Appointment and Slot
 * and dateTimes in every Period.
 */
function typeByName(key: string): FhirTemporal | undefined {
  if (key === 'lastUpdated' || key === 'timestamp' || key === 'issued' || key === 'recorded' || key.endsWith('Instant')) return 'instant';
  if (key === 'start' || key === 'end' || key === 'created' || key === 'authoredOn' || key.endsWith('DateTime')) return 'dateTime';
  if (key === 'birthDate' || (key.endsWith('Date') && key !== 'Date')) return 'date';
  return undefined;
}

/** Property names seen so far and their type (null: none); names are few, messages many. */
const BY_NAME = new Map<string, FhirTemporal | null>();

/** The FHIR type of property `key` of a `resourceType`, on the resource itself when `atRoot`, if temporal. */
export function temporalTypeOf(resourceType: string, key: string, atRoot: boolean): FhirTemporal | undefined {
  if (atRoot && (key === 'start' || key === 'end') && (resourceType === 'Appointment' || resourceType === 'Slot')) return 'instant';
  let type = BY_NAME.get(key);
  if (type === undefined) {
    type = typeByName(key) ?? null;
    if (BY_NAME.size < 10_000) BY_NAME.set(key, type);
  }
  return type ?? undefined;
}

/** The refusal of a temporal element that is not what its type says. */
export function badTemporal(path: string, type: FhirTemporal): RecError {
  return RecError.badRequest('value', `${path} must be a FHIR ${type}${type === 'date' ? '' : ' with a time zone'}`);
}

/**
 * Refuses (400 `value`) the first element of `resource` that should be a FHIR date, dateTime or instant
 * and is not, naming it (`Appointment.start`) and never its value, which may be patient data.
 */
export function checkTemporalElements(resource: unknown, label: string): void {
  if (resource === null || typeof resource !== 'object') return;
  const declared = (resource as { resourceType?: unknown }).resourceType;
  const resourceType = typeof declared === 'string' ? declared : label;
  walkJson(resource, (key, value, holder, atRoot) => {
    if (typeof value !== 'string' && typeof value !== 'number') return;
    const type = temporalTypeOf(resourceType, key, atRoot);
    if (type !== undefined && !isFhirTemporal(value, type)) throw badTemporal(`${pathOf(label, holder)}.${key}`, type);
  });
}
