import fc from 'fast-check';
import { startHub, type Hub } from './support/hub';
import { call, publish } from './support/http';
import { availability, barsHeaders, bookingMessage, futureSlot, type Json } from './support/messages';
import { applyMutation, mutationArb, serialise } from './support/mutations';

const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
const CONTENT_TYPES = [
  'application/fhir+json',
  'application/json',
  'application/fhir+json; version=1.0.0',
  'text/plain',
  'application/xml',
  'multipart/form-data',
  '',
];

/** Whatever arrives, the answer is a FHIR resource: a Bundle on success, else an OperationOutcome with a REC_* code, never a 5xx. */
function expectWellFormed(status: number, body: Json, text: string): void {
  expect(status).toBeLessThan(500);
  if (status === 200) {
    expect(body.resourceType).toBe('Bundle');
    return;
  }
  expect(body.resourceType).toBe('OperationOutcome');
  expect(body.issue?.[0]?.details?.coding?.[0]?.code).toMatch(/^REC_[A-Z_]+$/);
  expect(text).not.toMatch(/\bat \S+ \(|node_modules/);
}

describe(`hostile input: ${RUNS} cases mutated from the official examples`, () => {
  let hub: Hub;
  beforeAll(async () => {
    hub = await startHub({ replyTimeoutMs: 4000 });
    expect((await publish(hub, availability(Array.from({ length: 40 }, (_, i) => futureSlot(i))))).status).toBe(200);
  });
  afterAll(() => hub?.stop());

  it('never answers 5xx or anything but a FHIR resource, and keeps serving', async () => {
    const caseArb = fc.record({
      mutations: fc.array(mutationArb, { minLength: 1, maxLength: 3 }),
      slot: fc.nat({ max: 39 }),
      contentType: fc.constantFrom(...CONTENT_TYPES),
      raw: fc.option(fc.oneof(fc.string({ maxLength: 200 }), fc.uint8Array({ maxLength: 200 })), { freq: 8 }),
    });
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        const bundle = bookingMessage(futureSlot(c.slot));
        for (const m of c.mutations) applyMutation(bundle, m);
        const headers = barsHeaders({ 'Content-Type': c.contentType || undefined });
        const body = c.raw === null ? serialise(bundle) : typeof c.raw === 'string' ? c.raw : Buffer.from(c.raw);
        const res = await fetch(`${hub.baseUrl}/$process-message`, { method: 'POST', headers, body });
        const text = await res.text();
        let json: Json = {};
        try {
          json = JSON.parse(text);
        } catch {
          json = {};
        }
        expectWellFormed(res.status, json, text);
      }),
      // FUZZ_SEED replays a reported failure (fast-check prints the seed).
      { numRuns: RUNS, interruptAfterTimeLimit: 240_000, ...(process.env.FUZZ_SEED ? { seed: Number(process.env.FUZZ_SEED) } : {}) },
    );
    expect((await call(hub, 'GET', '/metadata')).status).toBe(200);
  }, 300_000);

  it('refuses a body over the limit before parsing it, with an OperationOutcome', async () => {
    const res = await call(hub, 'POST', '/$process-message', {
      headers: barsHeaders(),
      body: `{"resourceType":"Bundle","x":"${'A'.repeat(2 * 1024 * 1024)}"}`,
    });
    // BaRS has no code for 413; the REC_BAD_REQUEST family says what went wrong.
    expect(res.status).toBe(400);
    expect(res.body.issue[0]).toMatchObject({ code: 'too-costly', details: { coding: [{ code: 'REC_BAD_REQUEST' }] } });
  });
});
