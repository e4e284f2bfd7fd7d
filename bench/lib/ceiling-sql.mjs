// The SQL one booking costs the hub: the api's inbox insert, then the worker's transaction. Same texts
// (from libs/inbox, libs/appointment and libs/pointers, where they are `Sql` statements), sent the way the
// hub sends them (named, so prepared once per connection), same parameters and payload sizes.
// Keep in step with those files; a PostgreSQL log with log_statement=all of one booking shows them.
import { randomUUID } from 'node:crypto';
import { booking, example, slotTime } from './messages.mjs';

const SCHEDULE_KEY = 'https://system.supplier.co.uk/Diary/id|8622dfdb-dc6a-47b6-b3a7-2eb2829db287';

const SQL = {
  hub_inbox_accept: `INSERT INTO inbox_message (id, request_id, correlation_id, bundle_id, event, reason, job_name, target_service, source_endpoint,
     audit_headers, body, state, response_status, response, attempts, received_at, updated_at, completed_at)
   VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'queued', NULL, NULL, 0, $12, $12, NULL)`,
  begin: 'START TRANSACTION',
  hub_inbox_claim: `SELECT id, correlation_id, body FROM inbox_message WHERE id = $1 AND state IN ('queued', 'processing') FOR UPDATE`,
  hub_slot_claim_schedule_time: `UPDATE slot SET status = 'busy', version = version + 1, last_updated = $1 WHERE id = (SELECT s.id FROM slot s JOIN schedule c ON c.id = s.schedule_id
     WHERE s.service_id = $2 AND s.start_at = $3 AND s.end_at = $4 AND c.identifier_key = $5 AND s.status = 'free' LIMIT 1) AND status = 'free' RETURNING id, schedule_id, start_at, end_at`,
  hub_patient_upsert: `INSERT INTO patient (id, nhs_number, resource, created_at, last_updated, name_text, birth_date, postal_code)
  VALUES ($1, $2, $3, $4, $4, $5, $6, $7) ON CONFLICT (nhs_number) DO UPDATE SET resource = EXCLUDED.resource, last_updated = EXCLUDED.last_updated,
   name_text = EXCLUDED.name_text, birth_date = EXCLUDED.birth_date, postal_code = EXCLUDED.postal_code RETURNING id`,
  hub_appointment_insert: `INSERT INTO appointment (id, version_id, status, slot_id, patient_id, service_id, correlation_id, inbox_id, replaces_id,
     start_at, end_at, created, last_updated, resource)
   VALUES ($1, 1, 'booked', $2, $3, $4, $5, $6,
     COALESCE($7, (SELECT c.id FROM (
         SELECT id FROM appointment WHERE correlation_id = $8 AND status IN ('cancelled', 'entered-in-error')
         ORDER BY last_updated DESC LIMIT 1) c
       WHERE NOT EXISTS (SELECT 1 FROM appointment r WHERE r.replaces_id = c.id))),
     $9, $10, $11, $11, $12)
   RETURNING replaces_id`,
  hub_appointment_version_insert: `INSERT INTO appointment_version (appointment_id, version_id, status, inbox_id, resource, recorded_at) VALUES ($1, $2, $3, $4, $5, $6)`,
  hub_pointer_insert: `INSERT INTO pointer (id, appointment_id, chain_id, nhs_number, custodian, type_code, state, replaces_id, remote_id, resource,
     created_at, last_updated)
   VALUES ($1, $2, $3, $4, $5, $6, 'current', $7, NULL, $8, $9, $9)`,
  hub_pointer_outbox_insert: `INSERT INTO pointer_outbox (request_id, chain_id, appointment_id, pointer_id, operation, state, reason, attempts, generation,
     last_error, response_status, inbox_id, correlation_id, created_at, updated_at, completed_at)
   VALUES ($1, $2, $3, $4, $5, $6, $7, 0, 0, NULL, NULL, $8, $9, $10, $10, $11)`,
  hub_inbox_finish: `UPDATE inbox_message SET state = $1, response_status = $2, response = $3, updated_at = $4, completed_at = $4,
     attempts = attempts + 1
   WHERE id = $5 AND state IN ('queued', 'processing')`,
  commit: 'COMMIT',
};
/** Round trips per booking: the inbox insert plus the transaction's statements. */
export const bookingStatements = Object.keys(SQL).length;

/** A named (prepared) statement, as the hub's `runSql` sends it. */
const run = (client, name, values) => client.query({ name: `ceiling_${name}`, text: SQL[name], values });

const bundle = example();
const patient = JSON.stringify(bundle.entry.find((e) => e.resource.resourceType === 'Patient').resource);
const appointment = JSON.stringify(bundle.entry.find((e) => e.resource.resourceType === 'Appointment').resource);
// A DocumentReference of about the size the hub stores for a pointer.
const pointer = JSON.stringify({
  resourceType: 'DocumentReference',
  status: 'current',
  content: [{ attachment: { url: 'x'.repeat(120) } }],
  context: { period: {} },
  subject: { identifier: { value: '9000000009' } },
  pad: 'x'.repeat(900),
});
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
  const now = new Date().toISOString();
  const header = [inboxId, randomUUID(), msg.correlationId, msg.bundleId, 'booking-request', 'new', 'appointment.book', '111111111'];
  await run(pool, 'hub_inbox_accept', [...header, 'http://fhir.nhs.uk/Id/dos-service-id|2222222222', audit, msg.body, now]);
  const c = await pool.connect();
  try {
    await c.query(SQL.begin);
    const claimed = await run(c, 'hub_inbox_claim', [inboxId]);
    // The worker parses the stored message again (ids-only jobs keep patient data out of Redis).
    JSON.parse(claimed.rows[0].body);
    const slots = await run(c, 'hub_slot_claim_schedule_time', [now, ids.service, start, end, SCHEDULE_KEY]);
    const slot = slots.rows[0];
    if (!slot) throw new Error(`no free slot at ${start}`);
    const p = await run(c, 'hub_patient_upsert', [randomUUID(), msg.nhs, patient, now, ' john smith ', '1990-01-01', 'LS11AA']);
    const patientId = p.rows[0].id;
    const appointmentId = randomUUID();
    const at = [appointmentId, slot.id, patientId, ids.service, msg.correlationId, inboxId, null, msg.correlationId];
    await run(c, 'hub_appointment_insert', [...at, start, end, now, appointment]);
    await run(c, 'hub_appointment_version_insert', [appointmentId, 1, 'booked', inboxId, appointment, now]);
    const pointerId = `X26-${randomUUID()}`;
    const pointerRow = [pointerId, appointmentId, appointmentId, msg.nhs, 'X26', '749001000000101', null, pointer, now];
    await run(c, 'hub_pointer_insert', pointerRow);
    const outbox = [randomUUID(), appointmentId, appointmentId, pointerId, 'create', 'pending', null, inboxId, msg.correlationId];
    await run(c, 'hub_pointer_outbox_insert', [...outbox, now, null]);
    const response = JSON.stringify({ ids: { a: appointmentId, s: slot.id, p: patientId }, appointmentId, created: now });
    await run(c, 'hub_inbox_finish', ['done', 200, response, now, inboxId]);
    await c.query(SQL.commit);
  } catch (error) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    c.release();
  }
}
