// The SQL one booking costs the hub: the api's inbox insert, then the worker's transaction. The statements
// are the hub's own `Sql` objects, imported from libs/inbox, libs/appointment and libs/pointers (not
// copies), sent the way the hub's runSql sends them (named, so prepared once per connection), in the
// booking's order, with the hub's parameters and payload sizes, and grouped into round trips as the hub's
// pipelined transaction groups them (libs/persistence/src/pipeline.ts): 1 in the api, 3 in the worker.
// A change to a statement there changes the ceiling; a statement renamed or dropped there fails the bench's
// type check until this file follows.
import { randomUUID } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import { INSERT_APPOINTMENT, INSERT_VERSION, REPLACED_IN_CONVERSATION } from '../../libs/appointment/src/appointment-store';
import { UPSERT, UPSERT_IF_CHANGED } from '../../libs/appointment/src/patient-store';
import { CLAIM_BY_SCHEDULE_TIME } from '../../libs/appointment/src/slot-resolver';
import { acceptStatement, acceptValues, type AcceptRow } from '../../libs/inbox/src/accept-batch';
import { CLAIM, FINISH, messageDigest } from '../../libs/inbox/src/inbox.service';
import { Pipeline } from '../../libs/persistence/src/pipeline';
import type { Sql } from '../../libs/persistence/src/sql';
import { INSERT_OUTBOX, INSERT_POINTER } from '../../libs/pointers/src/pointer-recorder';
import { EXAMPLE_SCHEDULE, type Json } from '../../test/support/messages';
import { booking, slotTime, type Booking } from './messages';

const SCHEDULE_KEY = `${EXAMPLE_SCHEDULE.system}|${EXAMPLE_SCHEDULE.value}`;

/** The api's insert of one message, as the hub sends it when a turn of its event loop holds one. */
const ACCEPT = acceptStatement(1);
/** The booking's statements, in the order the hub issues them (BEGIN and COMMIT besides). */
const BOOKING = [
  ACCEPT,
  CLAIM,
  CLAIM_BY_SCHEDULE_TIME,
  UPSERT_IF_CHANGED,
  REPLACED_IN_CONVERSATION,
  INSERT_APPOINTMENT,
  INSERT_VERSION,
  INSERT_POINTER,
  INSERT_OUTBOX,
  FINISH,
];
/** Statements per booking: the inbox insert plus the transaction's statements, BEGIN and COMMIT included. */
export const bookingStatements = BOOKING.length + 2;
/** Round trips per booking: the api's inbox insert, then the worker's three. */
export const bookingRoundTrips = 1 + 3;

/** A named (prepared) statement, as the hub's `runSql` sends it. */
const run = (client: Pool | PoolClient, sql: Sql, values: unknown[]) =>
  client.query({ name: `ceiling_${sql.name}`, text: sql.text, values });

// A DocumentReference of about the size the hub stores for a pointer.
const pointer = JSON.stringify({
  resourceType: 'DocumentReference',
  status: 'current',
  content: [{ attachment: { url: 'x'.repeat(120) } }],
  context: { period: {} },
  subject: { identifier: { value: '9000000009' } },
  pad: 'x'.repeat(900),
});
const AUDIT = { endUserOrganisation: { resourceType: 'Organization', identifier: [{ system: 'x', value: 'A1001' }] } };

/** One service, the example's Schedule, and `count` free slots at the bench diary's times. */
export interface Seeded {
  service: string;
  schedule: string;
}

export async function seedSql(pool: Pool, count: number): Promise<Seeded> {
  const service = randomUUID();
  const schedule = randomUUID();
  const now = new Date().toISOString();
  await pool.query(
    `INSERT INTO healthcare_service (id, dos_id, name, use_cases, resource, last_updated) VALUES ($1, '111111111', 'Bench', '', '{}', $2)`,
    [service, now],
  );
  await pool.query(`INSERT INTO schedule (id, service_id, identifier_key, resource, last_updated) VALUES ($1, $2, $3, '{}', $4)`, [
    schedule,
    service,
    SCHEDULE_KEY,
    now,
  ]);
  await pool.query(
    `INSERT INTO slot (id, schedule_id, service_id, identifier_key, start_at, end_at, status, version, resource, last_updated)
     SELECT gen_random_uuid()::text, $1, $2, NULL,
            to_char(($3::timestamptz + g * interval '10 minutes') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
            to_char(($3::timestamptz + (g + 1) * interval '10 minutes') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
            'free', 1, '{"resourceType":"Slot","status":"free"}', $4
     FROM generate_series(0, $5 - 1) g`,
    [schedule, service, slotTime(0).start, now, count],
  );
  await pool.query('ANALYZE');
  return { service, schedule };
}

/** The statements of booking `i` (slot i, patient i), with the hub's parameters. */
export async function bookingSql(pool: Pool, ids: Seeded, i: number, samePatient = false): Promise<void> {
  const msg = booking(i, samePatient);
  const inboxId = randomUUID();
  await acceptSql(pool, inboxId, msg);
  await transactionSql(pool, ids, inboxId);
}

/** The api's half: the inbox insert of a message as received, with the retry digest the hub works out. */
export async function acceptSql(pool: Pool, inboxId: string, msg: Pick<Booking, 'body' | 'bundleId' | 'correlationId'>): Promise<void> {
  await run(pool, ACCEPT, acceptValues([acceptRow(inboxId, randomUUID(), msg)]));
}

/** A message's inbox row as the api builds it: the hub's columns, with the retry digest of the same parts. */
export function acceptRow(inboxId: string, requestId: string, msg: Pick<Booking, 'body' | 'bundleId' | 'correlationId'>): AcceptRow {
  return {
    id: inboxId,
    requestId,
    correlationId: msg.correlationId,
    bundleId: msg.bundleId,
    event: 'booking-request',
    reason: 'new',
    jobName: 'appointment.book',
    targetService: '111111111',
    sourceEndpoint: 'http://fhir.nhs.uk/Id/dos-service-id|2222222222',
    auditHeaders: AUDIT,
    body: msg.body,
    receivedAt: new Date().toISOString(),
    digest: messageDigest({ jobName: 'appointment.book', correlationId: msg.correlationId, targetService: '111111111', body: msg.body }),
  };
}

/** What the worker's transaction wrote: the ids a job result carries. */
export interface Written {
  appointmentId: string;
  slotId: string;
  patientId: string;
  created: string;
}

/**
 * The worker's half: its pipelined transaction (libs/persistence/src/pipeline.ts, the hub's own code, on a
 * bare client), taking the slot, the patient and the resources from the stored message as the worker does.
 */
export async function transactionSql(pool: Pool, ids: Seeded, inboxId: string): Promise<Written> {
  const now = new Date().toISOString();
  const c = (await pool.connect()) as PoolClient & { pipeline: boolean };
  c.pipeline = true;
  const line = new Pipeline(c);
  const statement = (sql: Sql, params: unknown[]) => ({ sql, params });
  try {
    // Round trip 1: BEGIN and the inbox row's claim.
    line.defer('BEGIN');
    const claimed = await line.run(statement(CLAIM, [inboxId]));
    const row = claimed.rows[0] as { body: string; correlation_id: string } | undefined;
    if (!row) throw new Error(`inbox row ${inboxId} not found`);
    // The worker parses the stored message again (ids-only jobs keep patient data out of Redis).
    const m = messageParts(JSON.parse(row.body) as Json);
    // Round trip 2: the slot, the patient, what the booking replaces.
    const patientValues = [randomUUID(), m.nhs, m.patient, now, ' john smith ', '1990-01-01', 'LS11AA'];
    const [slots, p] = await Promise.all([
      line.run(statement(CLAIM_BY_SCHEDULE_TIME, [now, ids.service, m.start, m.end, SCHEDULE_KEY])),
      line.run(statement(UPSERT_IF_CHANGED, patientValues)),
      line.run(statement(REPLACED_IN_CONVERSATION, [row.correlation_id])),
    ]);
    const slot = slots.rows[0] as { id: string } | undefined;
    if (!slot) throw new Error(`no free slot at ${m.start}`);
    // As storePatient: no row when another booking inserted this patient after the statement's snapshot
    // (both new at once, --same-patient's first bookings); the plain upsert then sees it.
    const patientRow = (p.rows[0] ?? (await line.run(statement(UPSERT, patientValues))).rows[0]) as { id: string };
    const patientId = patientRow.id;
    // Round trip 3: the writes, the inbox row's answer, COMMIT.
    const appointmentId = randomUUID();
    const at = [appointmentId, slot.id, patientId, ids.service, row.correlation_id, inboxId, null];
    line.defer(statement(INSERT_APPOINTMENT, [...at, m.start, m.end, now, m.appointment]));
    line.defer(statement(INSERT_VERSION, [appointmentId, 1, 'booked', inboxId, m.appointment, now]));
    const pointerId = `X26-${randomUUID()}`;
    const pointerRow = [pointerId, appointmentId, appointmentId, m.nhs, 'X26', '749001000000101', null, pointer, now];
    line.defer(statement(INSERT_POINTER, pointerRow));
    const outbox = [randomUUID(), appointmentId, appointmentId, pointerId, 'create', 'pending', null, inboxId, row.correlation_id];
    line.defer(statement(INSERT_OUTBOX, [...outbox, now, null]));
    const response = JSON.stringify({ ids: { a: appointmentId, s: slot.id, p: patientId }, appointmentId, created: now });
    line.defer(statement(FINISH, ['done', 200, response, now, inboxId]));
    const committed = await line.run('COMMIT');
    await line.settled();
    if (line.failure !== undefined) throw line.failure;
    if (committed.command !== 'COMMIT') throw new Error(`ceiling transaction ended in ${committed.command}`);
    return { appointmentId, slotId: slot.id, patientId, created: now };
  } catch (error: any) {
    line.dropWaiting();
    await line.settled();
    await c.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await line.settled();
    c.pipeline = false;
    c.release();
  }
}

/** What the worker's transaction takes from a stored booking: the slot's times, the patient, the resources. */
function messageParts(bundle: Json) {
  const resource = (type: string) => bundle.entry.find((e: Json) => e.resource.resourceType === type).resource;
  const appointment = resource('Appointment');
  const patient = resource('Patient');
  const nhs = patient.identifier.find((i: Json) => i.system === 'https://fhir.nhs.uk/Id/nhs-number').value as string;
  return {
    start: appointment.start as string,
    end: appointment.end as string,
    nhs,
    patient: JSON.stringify(patient),
    appointment: JSON.stringify(appointment),
  };
}
