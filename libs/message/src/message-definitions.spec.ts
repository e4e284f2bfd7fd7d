import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Bundle } from '@hub/fhir';
import { bookingDefinition, checkDefinition } from './message-definitions';
import { rejectionOf } from '../../../test/support/rec-error';

const BOOKING = JSON.parse(
  readFileSync(resolve(__dirname, '../../../test/fixtures/bars/api-1.4.0/process_message/request/Booking (POST).json'), 'utf8'),
) as Bundle;
const DEF = 'https://fhir.nhs.uk/MessageDefinition/bars-message-booking-request';

const rejection = rejectionOf;

describe('MessageDefinition conformance', () => {
  it('the official booking example conforms to bars-message-booking-request', () => {
    expect(() => checkDefinition(BOOKING, DEF)).not.toThrow();
  });

  it.each(['http://fhir.nhs.uk/MessageDefinition/bars-message-booking-request', `${DEF}|1.0.0`, DEF.toUpperCase()])(
    'recognises %s',
    (d) => {
      expect(bookingDefinition(d)).toBe(DEF);
    },
  );

  it.each([
    ['Slot', 'required'],
    ['HealthcareService', 'required'],
    ['Patient', 'required'],
  ])('a Bundle without %s → 400 %s naming it', (type, issue) => {
    const bundle = structuredClone(BOOKING);
    bundle.entry = bundle.entry?.filter((e) => e.resource?.resourceType !== type);
    const e = rejection(() => checkDefinition(bundle, DEF));
    expect([e.status, e.issue]).toEqual([400, issue]);
    expect(e.diagnostics).toContain(type);
  });

  it('a second Appointment → 400 invariant', () => {
    const bundle = structuredClone(BOOKING);
    bundle.entry?.push({ fullUrl: 'urn:uuid:second', resource: { resourceType: 'Appointment', status: 'booked', participant: [] } });
    expect(rejection(() => checkDefinition(bundle, DEF)).issue).toBe('invariant');
  });

  it('the cancelled definition needs no Slot but two Organizations', () => {
    const cancelled = 'https://fhir.nhs.uk/MessageDefinition/bars-message-booking-request-cancelled';
    const bundle = structuredClone(BOOKING);
    bundle.entry = bundle.entry?.filter((e) => !['Slot', 'Schedule', 'HealthcareService'].includes(e.resource?.resourceType ?? ''));
    expect(() => checkDefinition(bundle, cancelled)).not.toThrow();
    bundle.entry = bundle.entry?.filter((e) => e.resource?.resourceType !== 'Organization');
    expect(rejection(() => checkDefinition(bundle, cancelled)).diagnostics).toContain('Organization');
  });
});
