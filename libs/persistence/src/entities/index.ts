import { AppointmentVersionEntity } from './appointment-version.entity';
import { AppointmentEntity } from './appointment.entity';
import { HealthcareServiceEntity } from './healthcare-service.entity';
import { LocationEntity } from './location.entity';
import { OrganizationEntity } from './organization.entity';
import { InboxMessage } from './inbox-message.entity';
import { PatientEntity } from './patient.entity';
import { PractitionerRoleEntity } from './practitioner-role.entity';
import { PractitionerEntity } from './practitioner.entity';
import { PointerOutboxEntity } from './pointer-outbox.entity';
import { PointerEntity } from './pointer.entity';
import { ScheduleEntity } from './schedule.entity';
import { SlotEntity } from './slot.entity';

/*
 * The schema lives here, beside its migrations; each table is read and written by one library only
 * (its owner, enforced by `npm run lint`, see eslint.config.mjs `tableOwners`):
 *   libs/inbox        inbox_message
 *   libs/appointment  healthcare_service, schedule, slot, patient, appointment, appointment_version,
 *                     organization, location, practitioner, practitioner_role
 *   libs/pointers     pointer, pointer_outbox
 */
export { InboxMessage, type InboxState, type StoredResult } from './inbox-message.entity';
export { AppointmentEntity, type AppointmentStatus } from './appointment.entity';
export { AppointmentVersionEntity } from './appointment-version.entity';
export { HealthcareServiceEntity } from './healthcare-service.entity';
export { PatientEntity } from './patient.entity';
export { OrganizationEntity } from './organization.entity';
export { LocationEntity } from './location.entity';
export { PractitionerEntity } from './practitioner.entity';
export { PractitionerRoleEntity } from './practitioner-role.entity';
export { ScheduleEntity } from './schedule.entity';
export { SlotEntity, type SlotStatus } from './slot.entity';
export { PointerEntity, type PointerState } from './pointer.entity';
export { PointerOutboxEntity, type OutboxState, type PointerOperation } from './pointer-outbox.entity';

/** Every entity of the hub: the one list each process's connection is opened with. */
export const hubEntities = [
  InboxMessage,
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
  PointerEntity,
  PointerOutboxEntity,
];
