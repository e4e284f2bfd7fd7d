import type { Appointment } from '@hub/fhir';

/**
 * A REST write on `/Appointment`, as the api stores it in the inbox (the inbox `body`) and the worker
 * reads it back. The api has already checked its shape; the worker owns every rule that needs the database.
 */
export type RestCommand =
  | { kind: 'create'; resource: Appointment }
  | { kind: 'update'; appointmentId: string; resource: Appointment; ifMatch?: number }
  | { kind: 'reschedule'; appointmentId: string; slotId: string; ifMatch?: number }
  | { kind: 'cancel'; appointmentId: string; ifMatch?: number };

export function parseRestCommand(text: string): RestCommand {
  return JSON.parse(text) as RestCommand;
}
