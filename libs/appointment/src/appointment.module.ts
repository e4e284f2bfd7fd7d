import { Module } from '@nestjs/common';
import { AppointmentReader } from './appointment-reader.service';
import { AvailabilityService } from './availability.service';
import { BookingService } from './booking.service';
import { HostedServices } from './hosted-services.service';

/** The appointment book: availability, bookings and reads. Needs the persistence module's connection. */
@Module({
  providers: [AvailabilityService, BookingService, HostedServices, AppointmentReader],
  exports: [AvailabilityService, BookingService, HostedServices, AppointmentReader],
})
export class AppointmentModule {}
