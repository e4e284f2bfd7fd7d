import { type RecError } from '@hub/fhir';
import { classify, type Workflow } from './classify';
import { rejectionOf } from '../../../test/support/rec-error';

const BOOKING = 'https://fhir.nhs.uk/MessageDefinition/bars-message-booking-request';
const CANCELLED = 'https://fhir.nhs.uk/MessageDefinition/bars-message-booking-request-cancelled';

const wf = (reason: string, status: string | undefined, definition?: string, event = 'booking-request'): Workflow => ({
  event,
  reason,
  status,
  definition,
});

const rejection = (workflow: Workflow): RecError => rejectionOf(() => classify(workflow));

describe('classify', () => {
  it.each([
    ['new + booked', wf('new', 'booked', BOOKING)],
    ['new + booked without definition', wf('new', 'booked')],
    ['new + booked even with the cancelled definition', wf('new', 'booked', CANCELLED)],
  ])('books on %s', (_label, workflow) => {
    expect(classify(workflow)).toBe('book');
  });

  it.each([
    ['update + booked', wf('update', 'booked', BOOKING)],
    ['update + booked without definition', wf('update', 'booked')],
  ])('updates on %s', (_label, workflow) => {
    expect(classify(workflow)).toBe('update');
  });

  it.each([
    ['update + cancelled', wf('update', 'cancelled', BOOKING)],
    ['update + entered-in-error', wf('update', 'entered-in-error', BOOKING)],
    ['delete + cancelled', wf('delete', 'cancelled')],
    ['delete + entered-in-error', wf('delete', 'entered-in-error')],
    ['update + cancelled with the cancelled definition', wf('update', 'cancelled', CANCELLED)],
    ['BOOKREQ02: new + cancelled + cancelled definition', wf('new', 'cancelled', CANCELLED)],
    ['new + entered-in-error + cancelled definition', wf('new', 'entered-in-error', CANCELLED)],
    ['new + cancelled + versioned cancelled definition', wf('new', 'cancelled', `${CANCELLED}|1.1.0`)],
    ['new + cancelled + http, mixed-case cancelled definition', wf('new', 'cancelled', CANCELLED.replace('https:', 'http:').toUpperCase())],
    ['new + cancelled + cancelled definition with trailing slash', wf('new', 'cancelled', `${CANCELLED}/`)],
  ])('cancels on %s', (_label, workflow) => {
    expect(classify(workflow)).toBe('cancel');
  });

  it.each([
    ['new + cancelled with the booking definition', wf('new', 'cancelled', BOOKING)],
    ['new + cancelled without definition', wf('new', 'cancelled')],
    ['new + entered-in-error without definition', wf('new', 'entered-in-error')],
    ['new + cancelled with a definition that only starts like the cancelled one', wf('new', 'cancelled', `${CANCELLED}-v2`)],
    ['new without status', wf('new', undefined, BOOKING)],
    ['update without status', wf('update', undefined)],
    ['delete + booked', wf('delete', 'booked')],
    ['new + proposed', wf('new', 'proposed')],
    ['new + pending', wf('new', 'pending')],
    ['update + fulfilled', wf('update', 'fulfilled')],
    ['update + noshow', wf('update', 'noshow')],
    ['unknown reason + booked', wf('amend', 'booked')],
  ])('rejects %s as 400 invariant', (_label, workflow) => {
    const e = rejection(workflow);
    expect([e.status, e.code, e.issue]).toEqual([400, 'REC_BAD_REQUEST', 'invariant']);
    expect(e.diagnostics).toContain(`reason "${workflow.reason}"`);
  });

  it('names a missing status in the diagnostics', () => {
    expect(rejection(wf('new', undefined)).diagnostics).toBe(
      'The combination of event "booking-request", reason "new" and Appointment.status "(none)" is not defined by BaRS',
    );
  });

  it.each([
    ['booking-response + new + booked', wf('new', 'booked', BOOKING, 'booking-response')],
    ['booking-response + update + cancelled', wf('update', 'cancelled', undefined, 'booking-response')],
    ['an unknown event', wf('new', 'booked', BOOKING, 'booking-confirmation')],
    ['an empty event', wf('new', 'booked', BOOKING, '')],
  ])('rejects %s as 400 invariant', (_label, workflow) => {
    const e = rejection(workflow);
    expect([e.status, e.code, e.issue]).toEqual([400, 'REC_BAD_REQUEST', 'invariant']);
    expect(e.diagnostics).toBe(`MessageHeader.eventCoding "${workflow.event}" is not a request this receiver can process`);
  });

  it.each([
    ['servicerequest-request', 'new', 'active'],
    ['servicerequest-request', 'update', undefined],
    ['servicerequest-response', 'new', 'booked'],
    ['servicerequest-response', 'delete', 'cancelled'],
  ])('rejects %s (reason %s, status %s) as 422 not-supported', (event, reason, status) => {
    const e = rejection(wf(reason, status, undefined, event));
    expect([e.status, e.code, e.issue]).toEqual([422, 'REC_UNPROCESSABLE_ENTITY', 'not-supported']);
    expect(e.diagnostics).toBe(`This receiver processes booking messages; ${event} is not supported`);
  });
});
