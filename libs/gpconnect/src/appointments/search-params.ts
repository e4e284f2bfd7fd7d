import { SpineError } from '../spine-error';
import { ukOffsetMinutes } from '../uk-local-time';
import { GpcSystems } from '../profiles';
import { AppointmentSystems } from './profiles';

type Query = Record<string, unknown>;
const DAY_MS = 86_400_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})([+-]\d{2}:\d{2})$/;

const badParameter = (diagnostics: string): SpineError => new SpineError('INVALID_PARAMETER', diagnostics);

function values(q: Query, name: string): string[] {
  const v = q[name];
  if (v === undefined) return [];
  return (Array.isArray(v) ? v : [v]).map((x) => (typeof x === 'string' ? x : ''));
}

/** The instant a UK calendar day starts (midnight Europe/London). */
export function ukMidnight(y: number, m: number, d: number): number {
  const utc = Date.UTC(y, m - 1, d);
  return utc - ukOffsetMinutes(utc) * 60_000;
}

/** Today's UK calendar date as [y, m, d]. */
export function ukToday(now: number): [number, number, number] {
  const local = new Date(now + ukOffsetMinutes(now) * 60_000);
  return [local.getUTCFullYear(), local.getUTCMonth() + 1, local.getUTCDate()];
}

function realDate(y: number, m: number, d: number): boolean {
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

/** A `yyyy-mm-dd` or `yyyy-mm-ddThh:mm:ss±hh:mm` (UK offset) value: its UK day and, for a dateTime, its instant. */
function slotBound(value: string, name: string): { day: number; instant?: number } {
  const date = DATE.exec(value);
  if (date) {
    const [y, m, d] = [Number(date[1]), Number(date[2]), Number(date[3])];
    if (!realDate(y, m, d)) throw badParameter(`${name} is not a real date`);
    return { day: Date.UTC(y, m - 1, d) };
  }
  const dt = DATE_TIME.exec(value);
  if (!dt || Number.isNaN(Date.parse(value))) {
    throw badParameter(`${name} must be a date (yyyy-mm-dd) or a dateTime with the UK offset (yyyy-mm-ddThh:mm:ss+hh:mm)`);
  }
  const instant = Date.parse(value);
  const sign = dt[7].startsWith('-') ? -1 : 1;
  const offset = sign * (Number(dt[7].slice(1, 3)) * 60 + Number(dt[7].slice(4, 6)));
  if (offset !== ukOffsetMinutes(instant)) throw badParameter(`${name} must carry the UK offset in force at that time (+00:00 or +01:00)`);
  return { day: Date.UTC(Number(dt[1]), Number(dt[2]) - 1, Number(dt[3])), instant };
}

/** A checked free-slot search (GPCONNECT.md §3.1). Instants as ISO-8601 UTC. */
export interface SlotSearch {
  /** Slots must start at or after this… */
  from: string;
  /** …and end at or before this. */
  to: string;
  consumerOdsCode?: string;
  consumerOrgType?: string;
  includePractitioner: boolean;
  includeLocation: boolean;
  includeOrganization: boolean;
}

const MAX_DAYS = 14;

/**
 * The parameters of `GET /Slot` (GPCONNECT.md §2.2, §3.1): `start=ge…`, `end=le…`, `status=free` and
 * `_include=Slot:schedule` required (400 BAD_REQUEST when absent); bad values, prefixes and ranges over
 * 14 days 422 INVALID_PARAMETER; unknown `searchFilter` systems ignored.
 */
export function parseSlotSearch(q: Query): SlotSearch {
  const starts = values(q, 'start');
  const ends = values(q, 'end');
  const statuses = values(q, 'status');
  if (starts.length === 0 || ends.length === 0 || statuses.length === 0) {
    throw new SpineError('BAD_REQUEST', 'The parameters start, end and status are required');
  }
  if (!values(q, '_include').includes('Slot:schedule'))
    throw new SpineError('BAD_REQUEST', 'The parameter _include=Slot:schedule is required');
  if (starts.length > 1 || ends.length > 1) throw badParameter('start and end may each be sent once');
  if (statuses.length > 1 || statuses[0] !== 'free') throw badParameter('status must be free');
  if (!starts[0].startsWith('ge')) throw badParameter('start must have the prefix ge');
  if (!ends[0].startsWith('le')) throw badParameter('end must have the prefix le');
  const start = slotBound(starts[0].slice(2), 'start');
  const end = slotBound(ends[0].slice(2), 'end');
  const days = (end.day - start.day) / DAY_MS;
  if (days < 0) throw badParameter('end must not be before start');
  if (days > MAX_DAYS) throw badParameter(`The search period may be at most ${MAX_DAYS} days`);
  const dayStart = (day: number): number => {
    const d = new Date(day);
    return ukMidnight(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
  };
  const from = start.instant ?? dayStart(start.day);
  // A date `le` means the whole of that day.
  const to = end.instant ?? dayStart(end.day + DAY_MS);
  if (to < from) throw badParameter('end must not be before start');
  const filters = values(q, 'searchFilter').map((f) => f.split('|'));
  const filter = (system: string): string | undefined => filters.find(([s, code]) => s === system && code)?.[1];
  const recurse = values(q, '_include:recurse');
  return {
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    ...(filter(GpcSystems.odsOrganization) ? { consumerOdsCode: filter(GpcSystems.odsOrganization) } : {}),
    ...(filter(AppointmentSystems.organisationType) ? { consumerOrgType: filter(AppointmentSystems.organisationType) } : {}),
    includePractitioner: recurse.includes('Schedule:actor:Practitioner'),
    includeLocation: recurse.includes('Schedule:actor:Location'),
    includeOrganization: recurse.includes('Location:managingOrganization'),
  };
}

/**
 * The range of `GET /Patient/{id}/Appointment` (GPCONNECT.md §3.6): exactly one `start=ge{date}` and one
 * `start=le{date}`, full dates, none in the past, le not before ge; anything else 422 INVALID_PARAMETER.
 * Answers [from, to) as instants: from the ge day's start to the end of the le day.
 */
export function parseAppointmentRange(q: Query, now: number): { from: string; to: string } {
  const starts = values(q, 'start');
  if (starts.length !== 2) throw badParameter('Send start twice: start=ge{yyyy-mm-dd}&start=le{yyyy-mm-dd}');
  const ge = starts.filter((s) => s.startsWith('ge'));
  const le = starts.filter((s) => s.startsWith('le'));
  if (ge.length !== 1 || le.length !== 1) throw badParameter('start needs one ge and one le prefix');
  const day = (value: string): number => {
    const m = DATE.exec(value.slice(2));
    if (!m || !realDate(Number(m[1]), Number(m[2]), Number(m[3]))) throw badParameter('start values must be full dates (yyyy-mm-dd)');
    return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  };
  const from = day(ge[0]);
  const to = day(le[0]);
  const [y, m, d] = ukToday(now);
  const today = Date.UTC(y, m - 1, d);
  if (from < today || to < today) throw badParameter('The date range must not be in the past: its dates must be today or later');
  if (to < from) throw badParameter('The le date must not be before the ge date');
  const midnight = (utcDay: number): string => {
    const t = new Date(utcDay);
    return new Date(ukMidnight(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate())).toISOString();
  };
  return { from: midnight(from), to: midnight(to + DAY_MS) };
}
