import { PointersModule } from '@hub/pointers';
import { Module } from '@nestjs/common';
import { AmendmentService } from './amendment.service';
import { AppointmentReader } from './appointment-reader.service';
import { AvailabilityService } from './availability.service';
import { BookingService } from './booking.service';
import { CancellationService } from './cancellation.service';
import { DirectBookingService, DirectReader } from './direct';
import { DirectoryReader } from './directory-reader.service';
import { HostedServices } from './hosted-services.service';
import { PatientRegistry } from './patient-registry.service';
import { RescheduleService } from './reschedule.service';
import { ResourceReader } from './resource-reader.service';
import { RestAppointmentService } from './rest-appointment.service';
import { SlotSearchService } from './slot-search.service';
import { WrittenReader } from './written-reader.service';

const services = [
  AvailabilityService,
  BookingService,
  CancellationService,
  AmendmentService,
  RescheduleService,
  RestAppointmentService,
  HostedServices,
  AppointmentReader,
  ResourceReader,
  SlotSearchService,
  WrittenReader,
  DirectoryReader,
  PatientRegistry,
  DirectBookingService,
  DirectReader,
];

/** The appointment book: availability, bookings, changes and reads. Needs the persistence module's connection. */
@Module({ imports: [PointersModule], providers: services, exports: services })
export class AppointmentModule {}
