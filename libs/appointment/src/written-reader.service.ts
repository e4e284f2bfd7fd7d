import type { Appointment, Slot } from '@hub/fhir';
import type { Written } from '@hub/messaging';
import { Sql, TurnBatch, runSql, type Outcome } from '@hub/persistence';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { SlotEntity } from './entities';
import { toSlotResource } from './resources';

/** What a change wrote, as stored: the Appointment at the version written and the slots it touched. */
export interface WrittenRecord {
  appointment: Appointment;
  slots: Map<string, Slot>;
}

interface Row {
  kind: 'appointment' | 'slot';
  id: string;
  resource: string;
  schedule_id: string | null;
  status: string | null;
  start_at: string | null;
  end_at: string | null;
  version: number | null;
  last_updated: string | null;
}

interface Wanted {
  written: Written;
  slotIds: readonly string[];
}

/**
 * Reads back what a change wrote, for its answer (the answer is the record, never the request): the
 * Appointment at the version written and the slots it touched. The version, not the current row, so that
 * a change made meanwhile does not leak into this change's answer.
 *
 * On PostgreSQL the read-backs asked for in one turn of the event loop go as one statement. Why: replies
 * arrive in bursts (one read of BullMQ's event stream settles every job that finished since the last), and
 * a statement per answer cost 16 % of the booking rate, more in wake-ups and per-statement work
 * than in rows (docs/decisions.md, "How the answer is read back"). SQLite (the quick start) reads one at a time.
 */
@Injectable()
export class WrittenReader {
  private readonly reads = new TurnBatch<Wanted, WrittenRecord | undefined>((wanted) => this.readMany(wanted));

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  read(written: Written, slotIds: readonly string[] = []): Promise<WrittenRecord | undefined> {
    if (this.db.options.type !== 'postgres') return this.readOne(written, slotIds);
    return this.reads.add({ written, slotIds });
  }

  private async readMany(batch: Wanted[]): Promise<Array<Outcome<WrittenRecord | undefined>>> {
    const key = (w: Wanted): string => `${w.written.appointment.id}/${w.written.appointment.versionId}`;
    const ids = batch.map((w) => w.written.appointment.id);
    const slotIds = [...new Set(batch.flatMap((w) => w.slotIds))];
    const { rows } = await runSql<Row>(this.db.manager, READ_WRITTEN_BATCH, [ids, batch.map(key), slotIds]);
    const found = collect(rows);
    return batch.map((w) => ({ value: recordOf(found, key(w), w.slotIds) }));
  }

  private async readOne(written: Written, slotIds: readonly string[]): Promise<WrittenRecord | undefined> {
    const { id, versionId } = written.appointment;
    const { rows } = await runSql<Row>(this.db.manager, READ_WRITTEN, [id, versionId, slotIds[0] ?? null, slotIds[1] ?? null]);
    return recordOf(collect(rows), `${id}/${versionId}`, slotIds);
  }
}

interface Found {
  /** Appointment resources as stored text, keyed `id/version`. */
  appointments: Map<string, string>;
  slots: Map<string, Row>;
}

function collect(rows: readonly Row[]): Found {
  const found: Found = { appointments: new Map(), slots: new Map() };
  for (const row of rows) {
    if (row.kind === 'appointment') found.appointments.set(`${row.id}/${row.version}`, row.resource);
    else found.slots.set(row.id, row);
  }
  return found;
}

/** One caller's record, parsed for it alone: answers sharing a slot never share an object. */
function recordOf(found: Found, key: string, slotIds: readonly string[]): WrittenRecord | undefined {
  const text = found.appointments.get(key);
  if (text === undefined) return undefined;
  const slots = new Map<string, Slot>();
  for (const id of slotIds) {
    const row = found.slots.get(id);
    if (row) slots.set(id, toSlotResource(slotEntity(row)));
  }
  return { appointment: JSON.parse(text) as Appointment, slots };
}

function slotEntity(row: Row): SlotEntity {
  return {
    id: row.id,
    scheduleId: row.schedule_id ?? '',
    serviceId: '',
    identifierKey: null,
    startAt: row.start_at ?? '',
    endAt: row.end_at ?? '',
    status: (row.status ?? 'busy') as SlotEntity['status'],
    version: Number(row.version ?? 1),
    resource: JSON.parse(row.resource) as Slot,
    lastUpdated: row.last_updated ?? '',
  };
}

const READ_WRITTEN = new Sql(
  'hub_written_read',
  `SELECT 'appointment' AS kind, appointment_id AS id, resource, NULL AS schedule_id, NULL AS status, NULL AS start_at,
     NULL AS end_at, version_id AS version, NULL AS last_updated
   FROM appointment_version WHERE appointment_id = $1 AND version_id = $2
   UNION ALL
   SELECT 'slot', id, resource, schedule_id, status, start_at, end_at, version, last_updated FROM slot WHERE id IN ($3, $4)`,
);

/*
 * PostgreSQL only. `appointment_id = ANY` walks the primary key; the exact `id/version` pairs are a filter
 * on the few versions each appointment has (an unnest join would be planned blind, on a guess of 100 rows).
 */
export const READ_WRITTEN_BATCH = new Sql(
  'hub_written_read_batch',
  `SELECT 'appointment' AS kind, appointment_id AS id, resource, NULL AS schedule_id, NULL AS status, NULL AS start_at,
     NULL AS end_at, version_id AS version, NULL AS last_updated
   FROM appointment_version WHERE appointment_id = ANY($1::varchar[]) AND appointment_id || '/' || version_id = ANY($2::text[])
   UNION ALL
   SELECT 'slot', id, resource, schedule_id, status, start_at, end_at, version, last_updated FROM slot WHERE id = ANY($3::varchar[])`,
);
