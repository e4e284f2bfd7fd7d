import { startHub, type Hub } from './support/hub';
import { GPC_ASID, gpcCall, gpcHeaders, gpcPath, jwt, jwtClaims, spineOf } from './support/gpconnect';

type Claims = Record<string, any>;
const now = (): number => Math.floor(Date.now() / 1000);
const without = (key: string) => (c: Claims) => {
  delete c[key];
};

/**
 * Every row of GPCONNECT.md §1.3 (the provider test suite's JWT.feature, all against GET /metadata), and
 * the scope rule of AppointmentRetrieve #14.
 */
const TABLE: Array<[string, (c: Claims) => void, number]> = [
  ['iss missing', without('iss'), 400],
  ['exp missing', without('exp'), 400],
  ['exp - iat = 301', (c) => void (c.exp = c.iat + 301), 400],
  ['exp - iat = 299', (c) => void (c.exp = c.iat + 299), 400],
  ['exp before iat', (c) => void (c.exp = c.iat - 1), 400],
  ['iat missing', without('iat'), 400],
  ['iat 200 s in the future', (c) => Object.assign(c, { iat: now() + 200, exp: now() + 500 }), 200],
  ['exp = iat + 300 exactly', (c) => Object.assign(c, { iat: now(), exp: now() + 300 }), 200],
  ['reason_for_request missing', without('reason_for_request'), 400],
  ['reason_for_request not directcare', (c) => void (c.reason_for_request = 'secondaryuse'), 400],
  ['aud missing', without('aud'), 400],
  ['sub missing', without('sub'), 400],
  ['sub not the practitioner id', (c) => void (c.sub = '2'), 400],
  ['requesting_device missing', without('requesting_device'), 400],
  ['requesting_device with an unknown field', (c) => void (c.requesting_device.notAField = 'x'), 422],
  ['requesting_device.resourceType invalid', (c) => void (c.requesting_device.resourceType = 'InvalidResourceType'), 422],
  ['requesting_organization missing', without('requesting_organization'), 400],
  ['requesting_organization.resourceType invalid', (c) => void (c.requesting_organization.resourceType = 'Patient'), 422],
  ['requesting_practitioner missing', without('requesting_practitioner'), 400],
  ['requesting_practitioner.resourceType invalid', (c) => void (c.requesting_practitioner.resourceType = 'InvalidResourceType'), 422],
  ['sds-user-id UNK', (c) => void (c.requesting_practitioner.identifier[0].value = 'UNK'), 200],
  ['practitioner without sds-role-profile-id and guid', (c) => void c.requesting_practitioner.identifier.splice(1), 200],
  ['requested_scope missing', without('requested_scope'), 400],
  ['requested_scope "badScope"', (c) => void (c.requested_scope = 'badScope'), 400],
  ['everything valid', () => undefined, 200],
  ['consumer clock slow by 600 s (expired)', (c) => Object.assign(c, { iat: now() - 600, exp: now() - 300 }), 400],
];

describe('GP Connect: the JWT (GPCONNECT.md §1.3)', () => {
  let hub: Hub;
  const metadata = gpcPath('HUB01', '/metadata');
  const send = (token: string, interaction = 'read:metadata-1', path = metadata) =>
    gpcCall(hub, 'GET', path, { ...gpcHeaders(interaction), Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    hub = await startHub({ workers: 0, env: { GPC_ASID } });
  });
  afterAll(() => hub.stop());

  it.each(TABLE)('%s → %i', async (_row, change, status) => {
    const claims = jwtClaims('organization/*.read');
    change(claims);
    const a = await send(jwt(claims));
    expect(a.status).toBe(status);
    if (status !== 200) {
      expect(spineOf(a)).toMatchObject({ code: status === 400 ? 'BAD_REQUEST' : 'INVALID_RESOURCE', codings: 1 });
      expect(a.headers.get('cache-control')).toContain('no-store');
    }
  });

  it.each([
    ['not base64url', 'not a token!.x.'],
    ['padded base64', `${Buffer.from('{"alg":"none"}').toString('base64')}==.${Buffer.from('{}').toString('base64')}.`],
    ['two parts', 'eyJhbGciOiJub25lIn0.eyJpc3MiOiJ4In0'],
  ])('refuses a token that is %s: 400 BAD_REQUEST', async (_why, token) => {
    expect(spineOf(await send(token))).toMatchObject({ status: 400, code: 'BAD_REQUEST' });
  });

  it('refuses a token that is not "Bearer": 400', async () => {
    const a = await gpcCall(hub, 'GET', metadata, { ...gpcHeaders('read:metadata-1'), Authorization: `Basic ${jwt(jwtClaims())}` });
    expect(spineOf(a)).toMatchObject({ status: 400, code: 'BAD_REQUEST' });
  });

  it('refuses a signed token (alg other than none): 400', async () => {
    expect(spineOf(await send(jwt(jwtClaims(), { alg: 'HS256', typ: 'JWT' })))).toMatchObject({ status: 400, code: 'BAD_REQUEST' });
  });

  it.each(['patient/*.write', 'organization/*.write'])(
    'refuses a read interaction with the write scope %s: 400 BAD_REQUEST',
    async (scope) => {
      const path = gpcPath('HUB01', '/Patient?identifier=https://fhir.nhs.uk/Id/nhs-number|9658218865');
      expect(spineOf(await send(jwt(jwtClaims(scope)), 'search:patient-1', path))).toMatchObject({ status: 400, code: 'BAD_REQUEST' });
    },
  );

  it('accepts a read interaction with a read scope', async () => {
    const path = gpcPath('HUB01', '/Patient?identifier=https://fhir.nhs.uk/Id/nhs-number|9658218865');
    expect((await send(jwt(jwtClaims('patient/*.read')), 'search:patient-1', path)).status).toBe(200);
  });
});
