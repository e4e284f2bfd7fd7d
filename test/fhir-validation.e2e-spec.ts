import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fhirFindings, useValidator } from './support/fhir/validate';
import { takeResponseFindings } from './support/validate-responses';

/** The check every e2e response goes through must be able to fail: fed invalid FHIR, it reports it. */
describe('FHIR validation of what the hub returns', () => {
  const invalidOutcome = { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'not-a-code', bogus: 1 }] };

  it('finds an unknown element and a code outside its required ValueSet', () => {
    const findings = fhirFindings(invalidOutcome);
    expect(findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ expression: 'OperationOutcome.issue[0].bogus' }),
        expect.objectContaining({ expression: 'OperationOutcome.issue.code', text: expect.stringContaining('not-a-code') }),
      ]),
    );
  });

  it('finds a missing required element, a bad instant and a broken invariant inside a Bundle', () => {
    const bundle = {
      resourceType: 'Bundle',
      type: 'searchset',
      entry: [
        {
          fullUrl: 'urn:uuid:0d3c2b7e-3f5a-4c1e-9a57-2b6f0e1d4c3a',
          resource: { resourceType: 'Appointment', start: 'not a date', participant: [{ status: 'accepted' }] },
        },
      ],
    };
    const expressions = fhirFindings(bundle).map((f) => f.expression);
    expect(expressions).toEqual(
      expect.arrayContaining([
        'Bundle.entry[0].resource.status',
        'Bundle.entry[0].resource.start',
        'Bundle.entry[0].resource.participant[0]',
      ]),
    );
  });

  it('finds nothing in a valid resource', () => {
    expect(fhirFindings({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'invalid' }] })).toEqual([]);
  });

  describe('every fetched response', () => {
    let server: Server;
    let base: string;
    beforeAll(async () => {
      server = createServer((req, res) => {
        const fhir = !req.url?.startsWith('/admin/') && !req.url?.startsWith('/metrics');
        res.setHeader('Content-Type', fhir ? 'application/fhir+json' : 'application/json');
        res.setHeader('Connection', 'close');
        const many = { resourceType: 'OperationOutcome', issue: Array.from({ length: 2_000 }, () => invalidOutcome.issue[0]) };
        const body =
          req.url === '/valid' ? { resourceType: 'Bundle', type: 'searchset', total: 0 } : req.url === '/many' ? many : invalidOutcome;
        res.end(JSON.stringify(body));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('is validated without the test asking, and its findings name the request', async () => {
      expect((await fetch(`${base}/Appointment/x`)).status).toBe(200);
      const findings = takeResponseFindings();
      expect(findings).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^GET \/Appointment\/x → 200: OperationOutcome OperationOutcome\.issue\.code: "not-a-code"/),
        ]),
      );
    });

    it('hands a GP Connect (/{ODS}/STU3/…) answer to the STU3 validator, not to the R4 one', async () => {
      const previous = useValidator('STU3', (resource) => [{ expression: resource.resourceType, text: 'STU3 says no' }]);
      try {
        await fetch(`${base}/A12345/STU3/1/gpconnect/metadata`);
        expect(takeResponseFindings()).toEqual([
          'GET /A12345/STU3/1/gpconnect/metadata → 200: OperationOutcome OperationOutcome: STU3 says no',
        ]);
      } finally {
        useValidator('STU3', previous);
      }
    });

    it('lists only the first findings of a body with thousands', async () => {
      await fetch(`${base}/many`);
      const findings = takeResponseFindings();
      expect(findings).toHaveLength(21);
      expect(findings[20]).toMatch(/… and \d+ more in that response/);
    });

    it('passes a valid body, and skips admin JSON and metrics by route', async () => {
      await fetch(`${base}/valid`);
      await fetch(`${base}/admin/status`);
      await fetch(`${base}/metrics`);
      expect(takeResponseFindings()).toEqual([]);
    });
  });
});
