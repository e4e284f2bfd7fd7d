import { HubConfig } from '@hub/config';
import { Sql, deferSql } from '@hub/persistence';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { PointerEntity, type OutboxState, type PointerOperation } from './entities';
import { pointerSkipReason } from './nhs-number';
import { pointerProfileOf, type PointerProfile } from './pointer-profile';
import { APPOINTMENT_TYPE, buildPointer, withPeriod } from './pointer-resource';

/** The appointment change a pointer change belongs to. Plain data: this library knows no appointment types. */
export interface AppointmentEvent {
  appointmentId: string;
  /** The appointment's conversation, sent to the NRL as `X-Correlation-Id`. */
  correlationId: string;
  inboxId: string | null;
  now: string;
}

export interface BookedAppointment extends AppointmentEvent {
  nhsNumber: string | null;
  dosId: string;
  start: string;
  end: string;
  /** The appointment this booking replaces (a rebook): its pointer is superseded. */
  replacesAppointmentId: string | null;
}

export interface MovedAppointment extends AppointmentEvent {
  start: string;
  end: string;
}

/**
 * Keeps the registry and its outbox in step with the appointment book (BARS.md §5.2). Every method runs
 * inside the caller's transaction, after the appointment write it follows, so the pointer change commits
 * or rolls back with it and is serialised by the same row lock.
 */
@Injectable()
export class PointerRecorder {
  private readonly profile: PointerProfile;

  constructor(config: HubConfig) {
    this.profile = pointerProfileOf(config);
  }

  /** A new appointment: a new pointer, superseding the replaced appointment's when it has a current one. */
  async booked(m: EntityManager, a: BookedAppointment): Promise<void> {
    const previous = a.replacesAppointmentId === null ? null : await this.pointerOf(m, a.replacesAppointmentId);
    const chainId = previous?.chainId ?? a.appointmentId;
    const skip = pointerSkipReason(a.nhsNumber);
    const live = previous?.state === 'current' ? previous : undefined;
    // NRL supersedes only within one subject; otherwise the old pointer is removed and a new one made.
    const superseded = live && skip === undefined && live.nhsNumber === a.nhsNumber ? live : undefined;
    if (live && !superseded) await this.remove(m, live, a);
    if (skip !== undefined || a.nhsNumber === null) {
      await this.enqueue(m, a, { chainId, pointerId: null, operation: 'create', state: 'skipped', reason: skip ?? null });
      return;
    }
    const id = `${this.profile.odsCode}-${randomUUID()}`;
    const facts = { appointmentId: a.appointmentId, dosId: a.dosId, nhsNumber: a.nhsNumber, start: a.start, end: a.end };
    const resource = buildPointer(this.profile, facts, id, a.now, superseded?.id);
    if (superseded) await this.setState(m, superseded, 'superseded', a.now);
    await deferSql(m, INSERT_POINTER, [
      id,
      a.appointmentId,
      chainId,
      a.nhsNumber,
      this.profile.odsCode,
      APPOINTMENT_TYPE.code,
      superseded?.id ?? null,
      JSON.stringify(resource),
      a.now,
    ]);
    await this.enqueue(m, a, { chainId, pointerId: id, operation: superseded ? 'supersede' : 'create', state: 'pending' });
  }

  /** A reschedule: the same pointer with the new `context.period`. */
  async moved(m: EntityManager, a: MovedAppointment): Promise<void> {
    const pointer = await this.pointerOf(m, a.appointmentId);
    if (pointer?.state !== 'current') return;
    const resource = withPeriod(pointer.resource, a.start, a.end, a.now);
    await deferSql(m, MOVE_POINTER, [pointer.id, JSON.stringify(resource), a.now]);
    await this.enqueue(m, a, { chainId: pointer.chainId, pointerId: pointer.id, operation: 'update', state: 'pending' });
  }

  /** A cancellation: the pointer is removed (DELETE, not a status change: BARS.md §8.7). */
  async cancelled(m: EntityManager, a: AppointmentEvent): Promise<void> {
    const pointer = await this.pointerOf(m, a.appointmentId);
    if (pointer?.state === 'current') await this.remove(m, pointer, a);
  }

  private async remove(m: EntityManager, pointer: PointerEntity, a: AppointmentEvent): Promise<void> {
    await this.setState(m, pointer, 'removed', a.now);
    await this.enqueue(m, a, { chainId: pointer.chainId, pointerId: pointer.id, operation: 'delete', state: 'pending' });
  }

  private pointerOf(m: EntityManager, appointmentId: string): Promise<PointerEntity | null> {
    return m.getRepository(PointerEntity).findOne({ where: { appointmentId } });
  }

  private async setState(m: EntityManager, pointer: PointerEntity, state: PointerEntity['state'], now: string): Promise<void> {
    await deferSql(m, SET_POINTER_STATE, [pointer.id, state, now]);
  }

  private async enqueue(
    m: EntityManager,
    a: AppointmentEvent,
    row: { chainId: string; pointerId: string | null; operation: PointerOperation; state: OutboxState; reason?: string | null },
  ): Promise<void> {
    await deferSql(m, INSERT_OUTBOX, [
      randomUUID(),
      row.chainId,
      a.appointmentId,
      row.pointerId,
      row.operation,
      row.state,
      row.reason ?? null,
      a.inboxId,
      a.correlationId,
      a.now,
      row.state === 'skipped' ? a.now : null,
    ]);
  }
}

// Every booking writes both rows: sent as written rather than through the ORM (see `Sql`).
export const INSERT_POINTER = new Sql(
  'hub_pointer_insert',
  `INSERT INTO pointer (id, appointment_id, chain_id, nhs_number, custodian, type_code, state, replaces_id, remote_id, resource,
     created_at, last_updated)
   VALUES ($1, $2, $3, $4, $5, $6, 'current', $7, NULL, $8, $9, $9)`,
);

export const INSERT_OUTBOX = new Sql(
  'hub_pointer_outbox_insert',
  `INSERT INTO pointer_outbox (request_id, chain_id, appointment_id, pointer_id, operation, state, reason, attempts, generation,
     last_error, response_status, inbox_id, correlation_id, created_at, updated_at, completed_at)
   VALUES ($1, $2, $3, $4, $5, $6, $7, 0, 0, NULL, NULL, $8, $9, $10, $10, $11)`,
);

// Nothing reads their answers: in a pipelined transaction they travel with the next statement.
const SET_POINTER_STATE = new Sql('hub_pointer_state', `UPDATE pointer SET state = $2, last_updated = $3 WHERE id = $1`);
const MOVE_POINTER = new Sql('hub_pointer_move', `UPDATE pointer SET resource = $2, last_updated = $3 WHERE id = $1`);
