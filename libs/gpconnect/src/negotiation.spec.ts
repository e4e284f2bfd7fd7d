import { requestFormat, responseFormat } from './negotiation';

describe('content negotiation (GPCONNECT.md §1.4)', () => {
  it.each([
    [{}, 'json'],
    [{ accept: 'application/fhir+xml' }, 'xml'],
    [{ accept: 'application/fhir+json' }, 'json'],
    [{ accept: '*/*' }, 'json'],
    [{ accept: 'text/html, application/fhir+xml;q=0.9' }, 'xml'],
    [{ format: 'application/fhir+json', accept: 'application/fhir+xml' }, 'json'],
    [{ format: 'xml', accept: 'application/fhir+json' }, 'xml'],
    [{ contentType: 'application/fhir+xml;charset=utf-8' }, 'xml'],
    [{ accept: '*/*', contentType: 'application/fhir+xml' }, 'xml'],
    [{ accept: 'application/fhir+json', contentType: 'application/fhir+xml' }, 'json'],
  ])('%j → %s', (req, format) => {
    expect(responseFormat(req)).toBe(format);
  });

  it.each([{ format: 'text/csv' }, { accept: 'text/html' }, { accept: 'application/pdf', contentType: 'application/fhir+json' }])(
    'refuses %j with 415',
    (req) => {
      expect(() => responseFormat(req)).toThrow(expect.objectContaining({ status: 415, code: 'BAD_REQUEST' }));
    },
  );

  it('reads request bodies in FHIR JSON or XML only', () => {
    expect(requestFormat('application/fhir+json; charset=utf-8')).toBe('json');
    expect(requestFormat('application/fhir+xml')).toBe('xml');
    expect(() => requestFormat('text/plain')).toThrow(expect.objectContaining({ status: 415 }));
    expect(() => requestFormat(undefined)).toThrow(expect.objectContaining({ status: 415 }));
  });
});
