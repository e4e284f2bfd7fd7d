export { AmendmentService } from './amendment.service';
export { AppointmentModule } from './appointment.module';
export { AppointmentReader, type AppointmentQuery } from './appointment-reader.service';
export { AvailabilityService } from './availability.service';
export { BookingService } from './booking.service';
export { CancellationService } from './cancellation.service';
export { ConcurrentChangeError } from './concurrent-change.error';
export { demoAvailability } from './demo-availability';
export { HostedServices } from './hosted-services.service';
export { RescheduleService } from './reschedule.service';
export { toScheduleResource, toServiceResource, toSlotResource } from './resources';
export { RestAppointmentService } from './rest-appointment.service';
export { parseRestCommand, type RestCommand } from './rest-command';
export { SlotSearchService, type SlotQuery } from './slot-search.service';
export { WrittenReader, type WrittenRecord } from './written-reader.service';
export { DELIVERY_CHANNEL_URL } from './directory-bundle';
export { DirectoryReader, type DirectoryRecord } from './directory-reader.service';
export { toLocationResource, toOrganizationResource, toPractitionerResource, toPractitionerRoleResource } from './directory-resources';
export { PatientRegistry } from './patient-registry.service';
export {
  DirectBookingService,
  DirectReader,
  Refusal,
  freeAppointmentSlots,
  parseDirectCommand,
  type AppointmentFacts,
  type BookSlotsCommand,
  type BookingOrganisation,
  type DirectCommand,
  type DirectResult,
  type FreeSlots,
  type RefusalReason,
} from './direct';
export { ResourceReader, type ReadableType } from './resource-reader.service';
