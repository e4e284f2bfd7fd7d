import type { PointerEntity } from '../entities';
import { buildPointer } from '../pointer-resource';
import { NrlUnreachableError, type NrlClient, type NrlRequest, type NrlResponse } from './nrl-client';
import { PointerSender, idFromLocation, type OutgoingChange } from './pointer-sender';

const NOW = '2026-01-01T00:00:00.000Z';
const profile = { odsCode: 'HUB01', publicBaseUrl: 'https://hub.example', productId: 'P.1', practiceSetting: '394802001' };
const facts = {
  appointmentId: 'appt-1',
  dosId: '111',
  nhsNumber: '9476719931',
  start: '2026-02-01T09:00:00.000Z',
  end: '2026-02-01T09:15:00.000Z',
};

function pointer(over: Partial<PointerEntity> = {}): PointerEntity {
  return {
    id: 'HUB01-local',
    appointmentId: 'appt-1',
    chainId: 'appt-1',
    nhsNumber: '9476719931',
    custodian: 'HUB01',
    typeCode: '749001000000101',
    state: 'current',
    replacesId: null,
    remoteId: 'RMT-1',
    resource: buildPointer(profile, facts, 'HUB01-local', NOW),
    createdAt: NOW,
    lastUpdated: NOW,
    ...over,
  };
}

const change = (over: Partial<OutgoingChange> = {}): OutgoingChange => ({
  operation: 'create',
  requestId: 'req-1',
  correlationId: 'corr-1',
  uncertain: false,
  pointer: pointer(),
  replacedRemoteId: null,
  ...over,
});

/** A scripted NRL: answers requests in order and records them. */
function nrl(...answers: Array<Partial<NrlResponse> | Error>): { client: NrlClient; sent: NrlRequest[] } {
  const sent: NrlRequest[] = [];
  const client = {
    send: (r: NrlRequest): Promise<NrlResponse> => {
      sent.push(r);
      const next = answers.shift();
      if (next === undefined) throw new Error(`unexpected ${r.method} ${r.path}`);
      if (next instanceof Error) return Promise.reject(next);
      return Promise.resolve({ status: 200, location: null, body: undefined, ...next });
    },
  } as unknown as NrlClient;
  return { client, sent };
}

describe('PointerSender', () => {
  it('creates with POST, without the hub’s id, and keeps the NRL’s id from Location', async () => {
    const { client, sent } = nrl({ status: 201, location: 'https://nrl/DocumentReference/RMT-9' });
    expect(await new PointerSender(client).send(change())).toEqual({ kind: 'done', status: 201, remoteId: 'RMT-9' });
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ method: 'POST', path: '/DocumentReference', requestId: 'req-1', correlationId: 'corr-1' });
    expect(sent[0].body?.id).toBeUndefined();
  });

  it('supersedes with relatesTo naming the NRL’s id of the old pointer, not the hub’s', async () => {
    const resource = buildPointer(profile, facts, 'HUB01-new', NOW, 'HUB01-old');
    const { client, sent } = nrl({ status: 201, location: '/DocumentReference/RMT-2' });
    await new PointerSender(client).send(change({ operation: 'supersede', pointer: pointer({ resource }), replacedRemoteId: 'RMT-1' }));
    expect(sent[0].body?.relatesTo).toEqual([{ code: 'replaces', target: { type: 'DocumentReference', identifier: { value: 'RMT-1' } } }]);
  });

  it.each([
    [503, 'retry'],
    [500, 'retry'],
    [429, 'retry'],
    [408, 'retry'],
    [400, 'fail'],
    [422, 'fail'],
  ])('an answer of %i is a %s', async (status, kind) => {
    const { client } = nrl({ status, body: { resourceType: 'OperationOutcome', issue: [{ diagnostics: 'why' }] } });
    expect(await new PointerSender(client).send(change())).toEqual({ kind, status, error: `POST answered ${status}: why` });
  });

  it('an unreachable or silent NRL is a retry', async () => {
    const { client } = nrl(new NrlUnreachableError('POST /DocumentReference: no answer within 10 ms'));
    expect(await new PointerSender(client).send(change())).toMatchObject({ kind: 'retry', error: expect.stringContaining('no answer') });
  });

  it('a create without Location is a failure to look at, not a retry that would post twice', async () => {
    const { client } = nrl({ status: 201 });
    expect(await new PointerSender(client).send(change())).toMatchObject({ kind: 'fail', status: 201 });
  });

  it('a create that may have landed is looked up first and adopted when found', async () => {
    const atNrl = { ...pointer().resource, id: 'RMT-7' };
    const { client, sent } = nrl({ status: 200, body: { resourceType: 'Bundle', type: 'searchset', entry: [{ resource: atNrl }] } });
    expect(await new PointerSender(client).send(change({ uncertain: true }))).toEqual({ kind: 'done', status: 200, remoteId: 'RMT-7' });
    expect(sent.map((r) => r.method)).toEqual(['GET']);
    expect(sent[0].path).toContain('subject:identifier=https%3A%2F%2Ffhir.nhs.uk%2FId%2Fnhs-number%7C9476719931');
  });

  it('a create that may have landed but did not is posted', async () => {
    const { client, sent } = nrl(
      { status: 200, body: { resourceType: 'Bundle', type: 'searchset', entry: [] } },
      { status: 201, location: '/DocumentReference/RMT-8' },
    );
    expect(await new PointerSender(client).send(change({ uncertain: true }))).toMatchObject({ kind: 'done', remoteId: 'RMT-8' });
    expect(sent.map((r) => r.method)).toEqual(['GET', 'POST']);
  });

  it('updates by GET then PUT with the NRL’s id, and skips the PUT when the period is already there', async () => {
    const moved = {
      ...pointer().resource,
      context: { ...pointer().resource.context, period: { start: '2026-03-01T09:00:00Z', end: '2026-03-01T09:15:00Z' } },
    };
    const first = nrl({ status: 200, body: pointer().resource }, { status: 200 });
    expect(await new PointerSender(first.client).send(change({ operation: 'update', pointer: pointer({ resource: moved }) }))).toEqual({
      kind: 'done',
      status: 200,
    });
    expect(first.sent.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /DocumentReference/RMT-1', 'PUT /DocumentReference/RMT-1']);
    expect(first.sent[1].body?.id).toBe('RMT-1');

    const again = nrl({
      status: 200,
      body: { ...moved, context: { period: { start: '2026-03-01T09:00:00.000+00:00', end: '2026-03-01T09:15:00.000Z' } } },
    });
    expect(await new PointerSender(again.client).send(change({ operation: 'update', pointer: pointer({ resource: moved }) }))).toEqual({
      kind: 'done',
      status: 200,
    });
    expect(again.sent.map((r) => r.method)).toEqual(['GET']);
  });

  it('deletes; a pointer already gone is done, and after an unknown outcome it is read first', async () => {
    const plain = nrl({ status: 404 });
    expect(await new PointerSender(plain.client).send(change({ operation: 'delete' }))).toEqual({ kind: 'done', status: 404 });
    expect(plain.sent.map((r) => r.method)).toEqual(['DELETE']);
    const unsure = nrl({ status: 404 });
    expect(await new PointerSender(unsure.client).send(change({ operation: 'delete', uncertain: true }))).toEqual({
      kind: 'done',
      status: 404,
    });
    expect(unsure.sent.map((r) => r.method)).toEqual(['GET']);
  });

  it('cannot update or delete a pointer the NRL never got', async () => {
    const { client, sent } = nrl();
    expect(await new PointerSender(client).send(change({ operation: 'delete', pointer: pointer({ remoteId: null }) }))).toMatchObject({
      kind: 'fail',
    });
    expect(sent).toEqual([]);
  });
});

describe('idFromLocation', () => {
  it.each([
    ['https://int.api.service.nhs.uk/record-locator/producer/FHIR/R4/DocumentReference/V4T0L-3aeb90b0', 'V4T0L-3aeb90b0'],
    ['/DocumentReference/RGT-1/', 'RGT-1'],
    ['DocumentReference/RGT-2?x=1', 'RGT-2'],
  ])('%s → %s', (location, id) => {
    expect(idFromLocation(location)).toBe(id);
  });

  it('is undefined without a Location', () => {
    expect(idFromLocation(null)).toBeUndefined();
  });
});
