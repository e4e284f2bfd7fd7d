import { rmSync } from 'node:fs';
import { makePki, type TestPki } from './support/certificates';
import { startHub, type Hub } from './support/hub';
import { httpsGet } from './support/https-get';
import { GPC_ASID, gpcCall, gpcHeaders, gpcPath } from './support/gpconnect';

describe('GP Connect: transport and sender access', () => {
  describe('mutual TLS applies as for BaRS', () => {
    let hub: Hub;
    let pki: TestPki;
    beforeAll(async () => {
      pki = makePki();
      hub = await startHub({ workers: 0, env: { GPC_ASID, TLS_CERT: pki.serverCert, TLS_KEY: pki.serverKey, TLS_CA: pki.ca } });
    });
    afterAll(async () => {
      await hub?.stop();
      rmSync(pki.dir, { recursive: true, force: true });
    });

    const get = async (path: string, client?: { cert: Buffer; key: Buffer }): Promise<{ status: number; body: any; cache?: string }> => {
      const res = await httpsGet(new URL(`${hub.baseUrl}${path}`), pki.ca, gpcHeaders('read:metadata-1'), client);
      return { status: res.status, body: JSON.parse(res.text), cache: res.headers['cache-control'] };
    };

    it('serves a consumer whose certificate the CA signed', async () => {
      const a = await get(gpcPath('HUB01', '/metadata'), pki.client);
      expect(a.status).toBe(200);
      expect(a.body.resourceType).toBe('CapabilityStatement');
    });

    it.each([
      ['no client certificate', undefined],
      ['a certificate from another authority', 'rogue'],
    ])('refuses %s: 403 with a Spine OperationOutcome', async (_label, which) => {
      const a = await get(gpcPath('HUB01', '/metadata'), which ? pki.rogue : undefined);
      expect(a.status).toBe(403);
      expect(a.body.issue[0].details.coding).toEqual([
        expect.objectContaining({ system: 'https://fhir.nhs.uk/STU3/CodeSystem/Spine-ErrorOrWarningCode-1', code: 'ACCESS DENIED' }),
      ]);
      expect(a.cache).toContain('no-store');
    });
  });

  describe('the BaRS sender allow-list', () => {
    let hub: Hub;
    beforeAll(async () => {
      hub = await startHub({ workers: 0, env: { GPC_ASID, SENDER_ALLOWLIST: 'X26' } });
    });
    afterAll(() => hub.stop());

    it('does not apply: GP Connect consumers are identified by Ssp-From and the JWT, not NHSD-End-User-Organisation', async () => {
      expect((await gpcCall(hub, 'GET', gpcPath('HUB01', '/metadata'), gpcHeaders('read:metadata-1'))).status).toBe(200);
      expect((await fetch(`${hub.baseUrl}/metadata`)).status).toBe(401);
    });
  });
});
