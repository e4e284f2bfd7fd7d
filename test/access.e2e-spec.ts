import { rmSync } from 'node:fs';
import { makePki, type TestPki } from './support/certificates';
import { startHub, type Hub } from './support/hub';
import { httpsGet } from './support/https-get';
import { call, postMessage, publish, recOf, type Answer } from './support/http';
import { availability, barsHeaders, bookingMessage, futureSlot } from './support/messages';
import { checkResponse } from './support/validate-responses';

const org = (ods: string): string =>
  Buffer.from(
    JSON.stringify({ resourceType: 'Organization', identifier: [{ system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: ods }] }),
  ).toString('base64');

describe('access control', () => {
  describe('an allow-list of sender organisations', () => {
    let hub: Hub;
    beforeAll(async () => {
      hub = await startHub({ workers: 0, env: { SENDER_ALLOWLIST: 'A1001,B2002' } });
    });
    afterAll(() => hub?.stop());

    it.each([
      ['an organisation not on the list', { 'NHSD-End-User-Organisation': org('Z9999') }],
      ['no organisation header', { 'NHSD-End-User-Organisation': undefined }],
    ])('refuses %s with 401 REC_UNAUTHORIZED, on messages and REST alike', async (_label, override) => {
      const message = await postMessage(hub, bookingMessage(futureSlot(0)), barsHeaders(override));
      expect({ status: message.status, ...recOf(message) }).toMatchObject({ status: 401, code: 'REC_UNAUTHORIZED' });
      const rest = await call(hub, 'GET', '/metadata', { headers: barsHeaders(override) });
      expect(rest.status).toBe(401);
    });

    it('lets a listed organisation through', async () => {
      expect((await call(hub, 'GET', '/metadata', { headers: barsHeaders({ 'NHSD-End-User-Organisation': org('b2002') }) })).status).toBe(
        200,
      );
    });

    it('sets security headers on every response', async () => {
      const res = await call(hub, 'GET', '/metadata', { headers: barsHeaders() });
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('strict-transport-security')).toMatch(/max-age/);
      expect(res.headers.get('x-powered-by')).toBeNull();
    });
  });

  describe('a rate limit per sender organisation', () => {
    let hub: Hub;
    beforeAll(async () => (hub = await startHub({ workers: 0, env: { RATE_LIMIT_PER_MINUTE: '3' } })));
    afterAll(() => hub?.stop());

    it('answers 429 REC_TOO_MANY_REQUESTS with Retry-After past the limit, for that organisation only', async () => {
      const statuses: number[] = [];
      let last: Answer | undefined;
      for (let i = 0; i < 4; i++) {
        last = await call(hub, 'GET', '/metadata', { headers: barsHeaders({ 'NHSD-End-User-Organisation': org('C3003') }) });
        statuses.push(last.status);
      }
      expect(statuses).toEqual([200, 200, 200, 429]);
      expect(recOf(last as Answer)).toMatchObject({ code: 'REC_TOO_MANY_REQUESTS', issue: 'throttled' });
      expect(Number((last as Answer).headers.get('retry-after'))).toBeGreaterThan(0);
      expect((await call(hub, 'GET', '/metadata', { headers: barsHeaders({ 'NHSD-End-User-Organisation': org('D4004') }) })).status).toBe(
        200,
      );
    });
  });

  describe('admin with no ADMIN_TOKEN configured', () => {
    let hub: Hub;
    beforeAll(async () => (hub = await startHub({ workers: 0, env: { ADMIN_TOKEN: '' } })));
    afterAll(() => hub?.stop());

    it('is off, never open: 403 REC_FORBIDDEN with or without a token', async () => {
      for (const token of [null, 'e2e-admin-token-0123456789']) {
        const res = await publish(hub, availability([futureSlot(0)]), token);
        expect({ status: res.status, ...recOf(res) }).toMatchObject({ status: 403, code: 'REC_FORBIDDEN' });
      }
    });
  });

  describe('mutual TLS', () => {
    let hub: Hub;
    let pki: TestPki;
    beforeAll(async () => {
      pki = makePki();
      hub = await startHub({ workers: 0, env: { TLS_CERT: pki.serverCert, TLS_KEY: pki.serverKey, TLS_CA: pki.ca } });
    });
    afterAll(async () => {
      await hub?.stop();
      rmSync(pki.dir, { recursive: true, force: true });
    });

    const get = async (client?: { cert: Buffer; key: Buffer }): Promise<{ status: number; body: string }> => {
      const res = await httpsGet(new URL(`${hub.baseUrl}/metadata`), pki.ca, barsHeaders(), client);
      // node:https bypasses fetch, so this answer is handed to the FHIR check by hand.
      checkResponse({ method: 'GET', url: res.url, status: res.status, contentType: res.headers['content-type'] ?? null, text: res.text });
      return { status: res.status, body: res.text };
    };

    it('serves a client whose certificate the CA signed', async () => {
      expect(hub.baseUrl.startsWith('https://')).toBe(true);
      expect((await get(pki.client)).status).toBe(200);
    });

    it.each([
      ['no client certificate', undefined],
      ['a certificate from another authority', 'rogue'],
    ])('refuses %s with 403 REC_FORBIDDEN', async (_label, which) => {
      const res = await get(which ? pki.rogue : undefined);
      expect(res.status).toBe(403);
      expect(JSON.parse(res.body).issue[0].details.coding[0].code).toBe('REC_FORBIDDEN');
    });
  });
});
