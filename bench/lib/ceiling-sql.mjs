// The SQL one booking costs the hub, copied from a PostgreSQL log (log_statement=all) of one booking:
// the api's inbox insert, then the worker's transaction. Same texts, same parameters, same payload sizes.
import { randomUUID } from 'node:crypto';
import { booking, example, slotTime } from './messages.mjs';

const SCHEDULE_KEY = 'https://system.supplier.co.uk/Diary/id|8622dfdb-dc6a-47b6-b3a7-2eb2829db287';
const INBOX_COLUMNS =
  '"id", "request_id", "correlation_id", "bundle_id", "event", "reason", "job_name", "target_service", "source_endpoint", "audit_headers", "body", "state", "response_status", "response", "attempts", "received_at", "updated_at", "completed_at"';
const INBOX_SELECT = INBOX_COLUMNS.split(', ')
  .map((c) => `"InboxMessage".${c} AS "InboxMessage_${c.slice(1, -1)}"`)
  .join(', ');
const SERVICE_SELECT = ['id', 'dos_id', 'name', 'use_cases', 'resource', 'last_updated']
  .map((c) => `"HealthcareServiceEntity"."${c}" AS "HealthcareServiceEntity_${c}"`)
  .join(', ');
const SLOT_SELECT = [
  'id',
  'schedule_id',
  'service_id',
  'identifier_key',
  'start_at',
  'end_at',
  'status',
  'version',
  'resource',
  'last_updated',
]
  .map((c) => `"slot"."${c}" AS "slot_${c}"`)
  .join(', ');

const SQL = {
  inboxInsert: `INSERT INTO "inbox_message"(${INBOX_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18) RETURNING "attempts"`,
  begin: 'START TRANSACTION',
  claim:
    'UPDATE "inbox_message" SET "state" = $1, "attempts" = "attempts" + 1, "updated_at" = $2 WHERE ("id" = $3 AND "state" IN ($4, $5))',
  inboxSelect: `SELECT ${INBOX_SELECT} FROM "inbox_message" "InboxMessage" WHERE (("InboxMessage"."id" = $1)) LIMIT 1`,
  service: `SELECT ${SERVICE_SELECT} FROM "healthcare_service" "HealthcareServiceEntity" WHERE (("HealthcareServiceEntity"."dos_id" = $1)) LIMIT 1`,
  candidates: `SELECT ${SLOT_SELECT} FROM "slot" "slot" INNER JOIN "schedule" "schedule" ON "schedule"."id" = "slot"."schedule_id" WHERE "slot"."service_id" = $1 AND "slot"."start_at" = $2 AND "slot"."end_at" = $3 AND "schedule"."identifier_key" = $4 LIMIT 20`,
  claimSlot: 'UPDATE "slot" SET "status" = $1, "version" = "version" + 1, "last_updated" = $2 WHERE "id" = $3 AND "status" = $4',
  patientUpsert:
    'INSERT INTO "patient"("id", "nhs_number", "resource", "created_at", "last_updated") VALUES ($1, $2, $3, $4, $5) ON CONFLICT ( "nhs_number" ) DO UPDATE SET "resource" = EXCLUDED."resource", "last_updated" = EXCLUDED."last_updated"',
  patientSelect:
    'SELECT "PatientEntity"."id" AS "PatientEntity_id" FROM "patient" "PatientEntity" WHERE (("PatientEntity"."nhs_number" = $1)) LIMIT 1',
  appointment:
    'INSERT INTO "appointment"("id", "version_id", "status", "slot_id", "patient_id", "service_id", "correlation_id", "inbox_id", "start_at", "end_at", "created", "last_updated", "resource") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)',
  version:
    'INSERT INTO "appointment_version"("appointment_id", "version_id", "status", "inbox_id", "resource", "recorded_at") VALUES ($1, $2, $3, $4, $5, $6)',
  schedule:
    'SELECT "ScheduleEntity"."id" AS "ScheduleEntity_id" FROM "schedule" "ScheduleEntity" WHERE (("ScheduleEntity"."id" = $1)) LIMIT 1',
  finish:
    'UPDATE "inbox_message" SET "state" = $1, "response_status" = $2, "response" = $3, "updated_at" = $4, "completed_at" = $5 WHERE ("id" = $6 AND "state" IN ($7, $8))',
  commit: 'COMMIT',
};
/** Round trips per booking: the inbox insert plus the transaction's statements. */
export const bookingStatements = Object.keys(SQL).length;

const bundle = example();
const patient = JSON.stringify(bundle.entry.find((e) => e.resource.resourceType === 'Patient').resource);
const appointment = JSON.stringify(bundle.entry.find((e) => e.resource.resourceType === 'Appointment').resource);
const audit = JSON.stringify({ endUserOrganisation: { resourceType: 'Organization', identifier: [{ system: 'x', value: 'A1001' }] } });

/** One service, the example's Schedule, and `count` free slots at the bench diary's times. */
export async function seedSql(pool, count) {
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
export async function bookingSql(pool, ids, i, samePatient = false) {
  const msg = booking(i, samePatient);
  const { start, end } = slotTime(i);
  const inboxId = randomUUID();
  const t = () => new Date().toISOString();
  const now = t();
  await pool.query(SQL.inboxInsert, [
    inboxId,
    randomUUID(),
    msg.correlationId,
    msg.bundleId,
    'booking-request',
    'new',
    'appointment.book',
    '111111111',
    'http://fhir.nhs.uk/Id/dos-service-id|2222222222',
    audit,
    msg.body,
    'queued',
    null,
    null,
    0,
    now,
    now,
    null,
  ]);
  const c = await pool.connect();
  try {
    await c.query(SQL.begin);
    await c.query(SQL.claim, ['processing', t(), inboxId, 'queued', 'processing']);
    await c.query(SQL.inboxSelect, [inboxId]);
    await c.query(SQL.service, ['111111111']);
    const { rows } = await c.query(SQL.candidates, [ids.service, start, end, SCHEDULE_KEY]);
    if (rows.length === 0) throw new Error(`no slot at ${start}`);
    const slot = rows[0];
    const claimed = await c.query(SQL.claimSlot, ['busy', now, slot.slot_id, 'free']);
    if (claimed.rowCount !== 1) throw new Error('slot claim lost');
    const nhs = msg.nhs;
    await c.query(SQL.patientUpsert, [randomUUID(), nhs, patient, now, now]);
    const p = await c.query(SQL.patientSelect, [nhs]);
    const appointmentId = randomUUID();
    const args = [
      appointmentId,
      1,
      'booked',
      slot.slot_id,
      p.rows[0].PatientEntity_id,
      ids.service,
      msg.correlationId,
      inboxId,
      start,
      end,
    ];
    await c.query(SQL.appointment, [...args, now, now, appointment]);
    await c.query(SQL.version, [appointmentId, 1, 'booked', inboxId, appointment, now]);
    await c.query(SQL.schedule, [slot.slot_schedule_id]);
    const response = JSON.stringify({
      ids: { a: appointmentId, s: slot.slot_id, p: p.rows[0].PatientEntity_id },
      appointmentId,
      created: now,
    });
    await c.query(SQL.finish, ['done', 200, response, now, now, inboxId, 'queued', 'processing']);
    await c.query(SQL.commit);
  } catch (error) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    c.release();
  }
}
