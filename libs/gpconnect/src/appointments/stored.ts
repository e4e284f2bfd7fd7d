/**
 * What the GP Connect mapping reads of the appointment book: plain shapes the appointment library's
 * records satisfy (AppointmentFacts, SlotEntity, ScheduleEntity), so this library needs nothing of it.
 */
export interface StoredSlot {
  id: string;
  scheduleId: string;
  startAt: string;
  endAt: string;
  status: string;
  version?: number;
  /** The Slot as published (R4). */
  resource: fhir4.Slot;
}

export interface StoredSchedule {
  id: string;
  resource: fhir4.Schedule;
  lastUpdated?: string;
  /** The schedule's Location and Practitioner actors (hub ids), when published. */
  locationId?: string | null;
  practitionerId?: string | null;
}

export interface StoredBookingOrganisation {
  odsCode: string;
  name: string;
  telecom: Array<{ system?: string; value?: string; use?: string }>;
  type?: { system?: string; code?: string; display?: string };
}

export interface StoredAppointment {
  row: {
    id: string;
    versionId: number;
    status: string;
    startAt: string;
    endAt: string;
    created: string;
    lastUpdated: string;
    /** The Appointment as stored (R4), references the hub's. */
    resource: fhir4.Appointment;
  };
  bookingOrganisation?: StoredBookingOrganisation;
  slots: StoredSlot[];
  schedules: StoredSchedule[];
}
