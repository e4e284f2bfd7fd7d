import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { In, type DataSource } from 'typeorm';
import { AppointmentEntity, PatientEntity, PractitionerRoleEntity, ScheduleEntity, SlotEntity } from '../entities';
import type { BookingOrganisation } from './direct-command';

/**
 * An appointment as stored, with what a surface needs to show it: its booking organisation (if it was
 * booked with one), and the slots and schedules its stored `slot` references name (cancelled ones too).
 */
export interface AppointmentFacts {
  row: AppointmentEntity;
  bookingOrganisation?: BookingOrganisation;
  slots: SlotEntity[];
  schedules: ScheduleEntity[];
}

const SLOT_REF = /^Slot\/(.+)$/;
/** Retrieve has no paging in GP Connect; this bounds one answer. */
const MAX_APPOINTMENTS = 500;
/** A free-slot search covers at most 14 days (GPCONNECT.md §3.1); this bounds one answer. */
const MAX_SLOTS = 2000;

/** Free slots and the schedules they belong to. */
export interface FreeSlots {
  slots: SlotEntity[];
  schedules: ScheduleEntity[];
}

/** Reads of appointments with their facts, whichever surface booked them. */
@Injectable()
export class DirectReader {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async facts(id: string): Promise<AppointmentFacts | undefined> {
    const row = await this.db.getRepository(AppointmentEntity).findOne({ where: { id } });
    return row ? (await this.withFacts([row]))[0] : undefined;
  }

  /** Every appointment of the patient starting in [from, to), any status, whoever booked it; by start. */
  async ofPatient(patientId: string, from: string, to: string): Promise<AppointmentFacts[]> {
    const rows = await this.db
      .getRepository(AppointmentEntity)
      .createQueryBuilder('a')
      .where('a.patient_id = :patientId AND a.start_at >= :from AND a.start_at < :to', { patientId, from, to })
      .orderBy('a.start_at', 'ASC')
      .addOrderBy('a.id', 'ASC')
      .limit(MAX_APPOINTMENTS)
      .getMany();
    return this.withFacts(rows);
  }

  async patientExists(id: string): Promise<boolean> {
    return (await this.db.getRepository(PatientEntity).count({ where: { id } })) > 0;
  }

  /**
   * Free slots lying wholly inside [from, to] that can still be booked (starting after `now`), in time
   * order, with their schedules. Read without locks: booking is what decides.
   */
  async freeSlots(from: string, to: string, now: string): Promise<FreeSlots> {
    const slots = await this.db
      .getRepository(SlotEntity)
      .createQueryBuilder('s')
      .where("s.status = 'free' AND s.start_at >= :from AND s.end_at <= :to AND s.start_at > :now", { from, to, now })
      .orderBy('s.start_at', 'ASC')
      .addOrderBy('s.id', 'ASC')
      .limit(MAX_SLOTS)
      .getMany();
    const scheduleIds = [...new Set(slots.map((s) => s.scheduleId))];
    const schedules = scheduleIds.length > 0 ? await this.db.getRepository(ScheduleEntity).find({ where: { id: In(scheduleIds) } }) : [];
    return { slots, schedules };
  }

  /** The roles of a practitioner (for the practitioner role GP Connect shows on a schedule). */
  practitionerRoles(practitionerId: string): Promise<PractitionerRoleEntity[]> {
    return this.db.getRepository(PractitionerRoleEntity).find({ where: { practitionerId } });
  }

  private async withFacts(rows: AppointmentEntity[]): Promise<AppointmentFacts[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const orgs: Array<{ appointment_id: string; resource: string }> = await this.db.query(
      `SELECT appointment_id, resource FROM appointment_booking_organisation WHERE appointment_id IN (${ids.map((_, i) => this.param(i)).join(', ')})`,
      ids,
    );
    const slotIds = [...new Set(rows.flatMap((r) => slotIdsOf(r)))];
    const slots = slotIds.length > 0 ? await this.db.getRepository(SlotEntity).find({ where: { id: In(slotIds) } }) : [];
    const scheduleIds = [...new Set(slots.map((s) => s.scheduleId))];
    const schedules = scheduleIds.length > 0 ? await this.db.getRepository(ScheduleEntity).find({ where: { id: In(scheduleIds) } }) : [];
    return rows.map((row) => {
      const org = orgs.find((o) => o.appointment_id === row.id);
      const own = slotIdsOf(row);
      const mine = own.map((id) => slots.find((s) => s.id === id)).filter((s): s is SlotEntity => s !== undefined);
      return {
        row,
        ...(org ? { bookingOrganisation: JSON.parse(org.resource) as BookingOrganisation } : {}),
        slots: mine,
        schedules: schedules.filter((s) => mine.some((slot) => slot.scheduleId === s.id)),
      };
    });
  }

  private param(i: number): string {
    return this.db.options.type === 'postgres' ? `$${i + 1}` : '?';
  }
}

/** The slots the stored appointment names (all of a multi-slot booking), falling back to its `slot_id`. */
function slotIdsOf(row: AppointmentEntity): string[] {
  const refs = (row.resource.slot ?? []).map((s) => SLOT_REF.exec(s.reference ?? '')?.[1]).filter((id): id is string => id !== undefined);
  return refs.length > 0 ? refs : [row.slotId];
}
