import { AppointmentVersionEntity } from './appointment-version.entity';
import { AppointmentEntity } from './appointment.entity';
import { HealthcareServiceEntity } from './healthcare-service.entity';
import { LocationEntity } from './location.entity';
import { OrganizationEntity } from './organization.entity';
import { PatientEntity } from './patient.entity';
import { PractitionerRoleEntity } from './practitioner-role.entity';
import { PractitionerEntity } from './practitioner.entity';
import { ScheduleEntity } from './schedule.entity';
import { SlotEntity } from './slot.entity';

export {
  AppointmentEntity,
  AppointmentVersionEntity,
  HealthcareServiceEntity,
  LocationEntity,
  OrganizationEntity,
  PatientEntity,
  PractitionerEntity,
  PractitionerRoleEntity,
  ScheduleEntity,
  SlotEntity,
};
export type { AppointmentStatus } from './appointment.entity';
export type { SlotStatus } from './slot.entity';

export const appointmentEntities = [
  HealthcareServiceEntity,
  ScheduleEntity,
  SlotEntity,
  PatientEntity,
  AppointmentEntity,
  AppointmentVersionEntity,
  OrganizationEntity,
  LocationEntity,
  PractitionerEntity,
  PractitionerRoleEntity,
];
