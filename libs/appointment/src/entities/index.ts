// The appointment book's tables: defined with the rest of the schema in libs/persistence, queried only here.
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
  type AppointmentStatus,
  type SlotStatus,
} from '@hub/persistence';
