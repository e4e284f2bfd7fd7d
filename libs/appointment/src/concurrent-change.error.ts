/**
 * Another transaction changed the appointment between our read and our write. Not a business failure:
 * the message is processed again from the start against the new state, so concurrent changes of one
 * appointment end as one of their serial orders.
 */
export class ConcurrentChangeError extends Error {
  constructor(appointmentId: string) {
    super(`appointment ${appointmentId} changed concurrently`);
    this.name = 'ConcurrentChangeError';
  }
}
