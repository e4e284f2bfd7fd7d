// The `gpc-book` scenario's traffic: a GP Connect consumer that searches a narrow window of free slots
// (GET /Slot), picks one and books it (POST /Appointment), as GPCONNECT.md §3.1 and §3.2 describe. The
// availability Bundle, the book request, the Spine headers and the JWT are the tests' own builders
// (test/support/gpc-appointments.ts, test/support/gpconnect.ts), not copies of them.
import { ukLocalDateTime } from '@hub/gpconnect';
import { bookBody, gpcAvailability, ODS } from '../../test/support/gpc-appointments';
import { gpcHeaders, gpcPath } from '../../test/support/gpconnect';
import type { Json } from '../../test/support/messages';
import { ADMIN_TOKEN } from './hub';
import { request } from './load';
import { nhsNumber, slotTime } from './messages';

export { GPC_ASID } from '../../test/support/gpconnect';

const PUBLISH_CHUNK = 2000;
const ADMIN = { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/fhir+json' };
const JSON_TYPE = { 'content-type': 'application/fhir+json' };

async function admin(pool: any, path: string, body: Json): Promise<Json> {
  const res = await pool.request({ method: 'POST', path, headers: ADMIN, body: JSON.stringify(body) });
  const text = await res.body.text();
  if (res.statusCode !== 200) throw new Error(`POST ${path} answered ${res.statusCode}: ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

/** Publishes the bench diary's slots [0, count) as GP Connect sees a practice: Organization, Location, Practitioner. */
export async function gpcPublish(pool: any, count: number) {
  const t0 = performance.now();
  for (let from = 0; from < count; from += PUBLISH_CHUNK) {
    const slots = Array.from({ length: Math.min(count, from + PUBLISH_CHUNK) - from }, (_, i) => slotTime(from + i));
    await admin(pool, '/admin/availability', gpcAvailability(slots));
  }
  const seconds = (performance.now() - t0) / 1000;
  return { slots: count, seconds, slotsPerS: count / seconds };
}

/** Registers one patient per sender (POST /admin/patients); GP Connect books by the hub's Patient id. */
export async function gpcPatients(pool: any, count: number): Promise<string[]> {
  const entry = Array.from({ length: count }, (_, i) => ({
    resource: {
      resourceType: 'Patient',
      identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: nhsNumber(i) }],
      name: [{ family: 'Bench' }],
    },
  }));
  const answer = await admin(pool, '/admin/patients', { resourceType: 'Bundle', type: 'collection', entry });
  return answer.entry.map((e: Json) => e.resource.id);
}

/**
 * The windows senders search, `size` slots of the bench diary each, from window `from` to before `to`.
 * Every sender searches the current window; a search that finds less than half of it free moves everyone
 * on to the next (so the last few slots of a window are not fought over by every sender at once).
 */
export function gpcDiary(size: number, from: number, to: number) {
  return { size, current: from, to, exhausted: false };
}

const searchQuery = (window: number, size: number): string => {
  const start = ukLocalDateTime(slotTime(window * size).start);
  const end = ukLocalDateTime(slotTime((window + 1) * size - 1).end);
  const q = {
    status: 'free',
    start: `ge${start}`,
    end: `le${end}`,
    _include: 'Slot:schedule',
    '_include:recurse': 'Schedule:actor:Location',
  };
  return new URLSearchParams(q).toString();
};

/** The free slots of a search answer with the Location of each one's Schedule. */
function freeSlots(text: string): Array<{ id: string; start: string; end: string; location: string }> {
  const found: Json[] = (JSON.parse(text).entry ?? []).map((e: Json) => e.resource);
  const schedules = new Map<string, Json>(found.filter((r) => r.resourceType === 'Schedule').map((s) => [`Schedule/${s.id}`, s]));
  return found
    .filter((r) => r.resourceType === 'Slot' && r.status === 'free')
    .map((s) => {
      const actor = schedules.get(s.schedule.reference)?.actor ?? [];
      const location = actor.find((a: Json) => a.reference.startsWith('Location/'))?.reference.slice('Location/'.length);
      return { id: s.id, start: s.start, end: s.end, location };
    })
    .filter((s) => s.location);
}

/**
 * One sender's step: search the current window, book one of its free slots at random. The booking's
 * latency in the tally is search plus book (the consumer's "find and book"); a 409 DUPLICATE_REJECTED (another
 * sender took the slot between search and book) is a lost race, counted apart from errors.
 */
export function gpcSender(pool: any, diary: any, patientId: string, tally: any, searchMs: number[]) {
  return async () => {
    if (diary.current >= diary.to) return ((diary.exhausted = true), false);
    const window = diary.current;
    const search = await request(
      pool,
      'GET',
      gpcPath(ODS, `/Slot?${searchQuery(window, diary.size)}`),
      gpcHeaders('search:slot-1'),
      undefined,
      true,
    );
    if (search.status !== 200) {
      tally.add('search', search);
      return true;
    }
    searchMs.push(search.ms);
    const free = freeSlots(search.text);
    if (free.length < diary.size / 2) diary.current = Math.max(diary.current, window + 1);
    if (free.length === 0) return true;
    const slot = free[Math.floor(Math.random() * free.length)];
    const body = JSON.stringify(bookBody([slot], patientId, slot.location));
    const headers = { ...gpcHeaders('create:appointment-1'), ...JSON_TYPE };
    const booked = await request(pool, 'POST', gpcPath(ODS, '/Appointment'), headers, body, false);
    if (booked.status === 409 && /DUPLICATE_REJECTED/.test(booked.text ?? '')) tally.note('lost race');
    else tally.add('book', { ...booked, ms: search.ms + booked.ms });
    return true;
  };
}
