import { AppointmentVersionEntity } from './appointment-version.entity';
import { AppointmentEntity } from './appointment.entity';
import { HealthcareServiceEntity } from './healthcare-service.entity';
import { PatientEntity } from './patient.entity';
import { ScheduleEntity } from './schedule.entity';
import { SlotEntity } from './slot.entity';

export { AppointmentEntity, AppointmentVersionEntity, HealthcareServiceEntity, PatientEntity, ScheduleEntity, SlotEntity };
export type { AppointmentStatus } from './appointment.entity';
export type { SlotStatus } from './slot.entity';

export const appointmentEntities = [
  HealthcareServiceEntity,
  ScheduleEntity,
  SlotEntity,
  PatientEntity,
  AppointmentEntity,
  AppointmentVersionEntity,
];
