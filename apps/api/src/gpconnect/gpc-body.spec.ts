import type { Request } from 'express';
import { gpcBody } from './gpc-body';

const req = (contentType: string | undefined, body: string): Request =>
  ({ body, header: (name: string) => (name.toLowerCase() === 'content-type' ? contentType : undefined) }) as unknown as Request;

const APPOINTMENT_XML =
  '<Appointment xmlns="http://hl7.org/fhir"><status value="booked"/><description value="d"/>' +
  '<slot><reference value="Slot/1"/></slot><participant><actor><reference value="Patient/1"/></actor><status value="accepted"/></participant></Appointment>';

describe('gpcBody: the request resource from JSON or XML (GPCONNECT.md §1.4)', () => {
  it('reads FHIR JSON', () => {
    expect(gpcBody(req('application/fhir+json', '{"resourceType":"Appointment","status":"booked"}'))).toEqual({
      resourceType: 'Appointment',
      status: 'booked',
    });
  });

  it('reads FHIR XML into the same shape as JSON', () => {
    expect(gpcBody(req('application/fhir+xml;charset=utf-8', APPOINTMENT_XML))).toEqual({
      resourceType: 'Appointment',
      status: 'booked',
      description: 'd',
      slot: [{ reference: 'Slot/1' }],
      participant: [{ actor: { reference: 'Patient/1' }, status: 'accepted' }],
    });
  });

  it.each([
    ['text/plain', '{}', 415, 'BAD_REQUEST'],
    [undefined, '{}', 415, 'BAD_REQUEST'],
    ['application/fhir+json', '{', 400, 'BAD_REQUEST'],
    ['application/fhir+json', '', 400, 'BAD_REQUEST'],
    ['application/fhir+json', '[1]', 422, 'INVALID_RESOURCE'],
    ['application/fhir+xml', '<Appointment', 400, 'BAD_REQUEST'],
  ])('refuses %s %j: %i %s', (type, body, status, code) => {
    expect(() => gpcBody(req(type, body))).toThrow(expect.objectContaining({ status, code }));
  });

  it.each([
    '{"resourceType":"Appointment","slot":[{"reference":"https://provider.example/STU3/1/gpconnect/Slot/1"}]}',
    '{"resourceType":"Appointment","extension":[{"valueReference":{"reference":"https://test1.supplier.thirdparty.nhs.uk/A11111/STU3/1/gpconnect/#1"}}]}',
  ])('refuses absolute references: 422 INVALID_RESOURCE', (body) => {
    expect(() => gpcBody(req('application/fhir+json', body))).toThrow(expect.objectContaining({ status: 422, code: 'INVALID_RESOURCE' }));
  });

  it('takes relative and contained references', () => {
    const body = '{"resourceType":"Appointment","slot":[{"reference":"Slot/1"}],"extension":[{"valueReference":{"reference":"#1"}}]}';
    expect(gpcBody(req('application/fhir+json', body)).resourceType).toBe('Appointment');
  });
});
