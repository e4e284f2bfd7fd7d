export * from './appointment-writes.service';
export * from './appointment.controller';
export * from './patient-appointments.controller';
export * from './slot.controller';
