import type { HealthcareService, Patient, Schedule, Slot } from '@hub/fhir';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { HealthcareServiceEntity, PatientEntity, ScheduleEntity, SlotEntity } from './entities';
import { toScheduleResource, toServiceResource, toSlotResource } from './resources';

/** The resource types the hub hands out references to, besides Appointment: each can be read by id. */
export type ReadableType = 'Slot' | 'Schedule' | 'HealthcareService' | 'Patient';
export type ReadableResource = Slot | Schedule | HealthcareService | Patient;

/** The Patient as the hub stored it, with the hub's id: what `Patient/{id}` in an Appointment names. */
export function toPatientResource(row: PatientEntity): Patient {
  return { ...row.resource, resourceType: 'Patient', id: row.id, meta: { ...row.resource.meta, lastUpdated: row.lastUpdated } };
}

/**
 * Reads by id of the stored resources the hub's answers link to (`Slot.fullUrl`, `Slot.schedule`,
 * `Schedule.actor`, `Appointment.participant`), so that every link it gives out resolves.
 */
@Injectable()
export class ResourceReader {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async read(type: ReadableType, id: string): Promise<ReadableResource | undefined> {
    switch (type) {
      case 'Slot': {
        const row = await this.db.getRepository(SlotEntity).findOne({ where: { id } });
        return row ? toSlotResource(row) : undefined;
      }
      case 'Schedule': {
        const row = await this.db.getRepository(ScheduleEntity).findOne({ where: { id } });
        return row ? toScheduleResource(row) : undefined;
      }
      case 'HealthcareService': {
        const row = await this.db.getRepository(HealthcareServiceEntity).findOne({ where: { id } });
        return row ? toServiceResource(row) : undefined;
      }
      case 'Patient': {
        const row = await this.db.getRepository(PatientEntity).findOne({ where: { id } });
        return row ? toPatientResource(row) : undefined;
      }
    }
  }
}
