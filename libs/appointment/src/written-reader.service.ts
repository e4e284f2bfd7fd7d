import type { Appointment, Slot } from '@hub/fhir';
import type { Written } from '@hub/messaging';
import { Sql, runSql } from '@hub/persistence';
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

/**
 * Reads back what a change wrote, for its answer (the answer is the record, never the request): one
 * statement for the Appointment version and up to two slots. The version, not the current row, so that a
 * change made meanwhile does not leak into this change's answer.
 */
@Injectable()
export class WrittenReader {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async read(written: Written, slotIds: readonly string[] = []): Promise<WrittenRecord | undefined> {
    const { id, versionId } = written.appointment;
    const { rows } = await runSql<Row>(this.db.manager, READ_WRITTEN, [id, versionId, slotIds[0] ?? null, slotIds[1] ?? null]);
    let appointment: Appointment | undefined;
    const slots = new Map<string, Slot>();
    for (const row of rows) {
      if (row.kind === 'appointment') appointment = JSON.parse(row.resource) as Appointment;
      else slots.set(row.id, toSlotResource(slotEntity(row)));
    }
    return appointment && { appointment, slots };
  }
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
     NULL AS end_at, NULL AS version, NULL AS last_updated
   FROM appointment_version WHERE appointment_id = $1 AND version_id = $2
   UNION ALL
   SELECT 'slot', id, resource, schedule_id, status, start_at, end_at, version, last_updated FROM slot WHERE id IN ($3, $4)`,
);
