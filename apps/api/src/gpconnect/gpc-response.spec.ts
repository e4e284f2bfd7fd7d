import type { Request, Response } from 'express';
import { sendStu3 } from './gpc-response';

function fake(
  method: string,
  headers: Record<string, string> = {},
): { req: Request; res: Response; sent: { status?: number; headers: Record<string, string>; body?: string } } {
  const sent: { status?: number; headers: Record<string, string>; body?: string } = { headers: {} };
  const req = { method, header: (n: string) => headers[n.toLowerCase()] } as unknown as Request;
  const res = {
    status: (s: number) => ((sent.status = s), res),
    setHeader: (k: string, v: string) => void (sent.headers[k.toLowerCase()] = v),
    end: (body?: string) => void (sent.body = body),
  } as unknown as Response;
  return { req, res, sent };
}

const PATIENT = { resourceType: 'Patient', id: '1', meta: { versionId: 'v1' } };

describe('sendStu3 (GPCONNECT.md §1.4, §1.5)', () => {
  it('sends JSON with no-store and the ETag of the version', () => {
    const { req, res, sent } = fake('GET');
    sendStu3(req, res, 200, PATIENT, 'json', { versionId: 'v1' });
    expect(sent).toMatchObject({
      status: 200,
      headers: { 'cache-control': 'no-store', etag: 'W/"v1"', 'content-type': 'application/fhir+json;charset=utf-8' },
    });
    expect(JSON.parse(sent.body as string)).toEqual(PATIENT);
  });

  it('sends XML when asked', () => {
    const { req, res, sent } = fake('GET');
    sendStu3(req, res, 200, PATIENT, 'xml');
    expect(sent.headers['content-type']).toBe('application/fhir+xml;charset=utf-8');
    expect(sent.body).toContain('<Patient xmlns="http://hl7.org/fhir"><id value="1"/>');
  });

  it.each(['POST', 'PUT'])('answers a %s with Prefer: return=minimal with the success status and an empty body', (method) => {
    const { req, res, sent } = fake(method, { prefer: 'return=minimal' });
    sendStu3(req, res, 201, PATIENT, 'json', { versionId: 'v1', headers: { Location: 'Patient/1/_history/v1' } });
    expect(sent.status).toBe(201);
    expect(sent.body).toBeUndefined();
    expect(sent.headers).toMatchObject({ etag: 'W/"v1"', location: 'Patient/1/_history/v1', 'cache-control': 'no-store' });
  });

  it('sends the representation with Prefer: return=representation, and on reads whatever Prefer says', () => {
    const write = fake('POST', { prefer: 'return=representation' });
    sendStu3(write.req, write.res, 201, PATIENT, 'json');
    expect(write.sent.body).toBeDefined();
    const read = fake('GET', { prefer: 'return=minimal' });
    sendStu3(read.req, read.res, 200, PATIENT, 'json');
    expect(read.sent.body).toBeDefined();
  });

  it('never empties an error', () => {
    const { req, res, sent } = fake('POST', { prefer: 'return=minimal' });
    sendStu3(req, res, 422, { resourceType: 'OperationOutcome' }, 'json', { allowMinimal: false });
    expect(sent.body).toContain('OperationOutcome');
  });
});
