import { RecError } from '@hub/fhir';
import type { AppointmentChange } from '@hub/message';
import type { EntityManager } from 'typeorm';
import { assertBooked, assertNotStale, locateAppointment } from './appointment-store';
import { PatientEntity, type AppointmentEntity } from './entities';

/**
 * Checks the message's patient against the booking's (BARS.md §6 step 12, "cross-check patient
 * demographics"): when both carry an NHS number they must agree.
 */
export async function assertSamePatient(m: EntityManager, row: AppointmentEntity, nhsNumber: string | undefined): Promise<void> {
  if (nhsNumber === undefined) return;
  const stored = await m.getRepository(PatientEntity).findOne({ where: { id: row.patientId }, select: { nhsNumber: true } });
  if (stored?.nhsNumber && stored.nhsNumber !== nhsNumber) {
    throw RecError.conflict('The Patient of the message is not the patient of the booking');
  }
}

/**
 * The appointment a change message is about, checked as every change (cancel, update, rebook) must be:
 * found, currently booked, not changed locally since the message was made, and of the same patient.
 */
export async function appointmentToChange(m: EntityManager, change: AppointmentChange, correlationId: string): Promise<AppointmentEntity> {
  const row = await locateAppointment(m, change, correlationId);
  assertBooked(row);
  assertNotStale(row, change.lastUpdated);
  await assertSamePatient(m, row, change.nhsNumber);
  return row;
}
