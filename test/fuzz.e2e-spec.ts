import fc from 'fast-check';
import { startHub, type Hub } from './support/hub';
import { call, publish } from './support/http';
import { availability, barsHeaders, bookingMessage, futureSlot, type Json } from './support/messages';
import { hostileRequest, routeCaseArb } from './support/hostile';
import { applyMutation, mutationArb, serialise } from './support/mutations';
import { assertConcurrently } from './support/concurrent-property';

const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
const ROUTE_RUNS = Number(process.env.FUZZ_ROUTE_RUNS ?? 3_000);
/** Cases in flight at once: a case mostly waits on the worker, so one at a time the run mostly waits. */
const CONCURRENCY = Number(process.env.FUZZ_CONCURRENCY ?? 16);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
/** Answers that are not final: the sender asks again with the same X-Request-Id (BARS.md §6). */
const NOT_FINAL = new Set([408, 425]);

async function send(url: string, init: RequestInit): Promise<{ status: number; body: Json; text: string }> {
  const res = await fetch(url, init);
  const text = await res.text();
  let body: Json = {};
  try {
    body = JSON.parse(text);
  } catch {
    body = {};
  }
  return { status: res.status, body, text };
}
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
    const run = await assertConcurrently(
      caseArb,
      async (c) => {
        const bundle = bookingMessage(futureSlot(c.slot));
        for (const m of c.mutations) applyMutation(bundle, m);
        const headers = barsHeaders({ 'Content-Type': c.contentType || undefined });
        const body = c.raw === null ? serialise(bundle) : typeof c.raw === 'string' ? c.raw : Buffer.from(c.raw);
        // Followed to its final answer: a 408 or 425 is asked again with the same X-Request-Id, and what
        // the hub finally stored must be well-formed too (a 408 then a stored 500 fails the case).
        let answer = await send(`${hub.baseUrl}/$process-message`, { method: 'POST', headers, body });
        for (let i = 0; i < 60 && NOT_FINAL.has(answer.status); i++) {
          expectWellFormed(answer.status, answer.body, answer.text);
          await new Promise((r) => setTimeout(r, 250));
          answer = await send(`${hub.baseUrl}/$process-message`, { method: 'POST', headers, body });
        }
        expect(NOT_FINAL.has(answer.status)).toBe(false);
        expectWellFormed(answer.status, answer.body, answer.text);
      },
      // FUZZ_SEED replays a reported failure (fast-check prints the seed and path).
      { numRuns: RUNS, concurrency: CONCURRENCY, timeLimitMs: 240_000, seed: SEED },
    );
    expect(run.ran).toBe(RUNS);
    expect((await call(hub, 'GET', '/metadata')).status).toBe(200);
  }, 300_000);

  it('every route, header and query parameter: control characters, over-long values, deep nesting never reach a 5xx', async () => {
    const run = await assertConcurrently(
      routeCaseArb,
      async (c) => {
        const req = hostileRequest(c);
        const answer = await send(`${hub.baseUrl}${req.path}`, { method: req.method, headers: req.headers, body: req.body });
        expect(answer.status).toBeLessThan(500);
        if (answer.status >= 400) {
          expect(answer.body.resourceType).toBe('OperationOutcome');
          expect(answer.body.issue?.[0]?.details?.coding?.[0]?.code).toMatch(/^REC_[A-Z_]+$/);
        }
        expect(answer.text).not.toMatch(/\bat \S+ \(|node_modules/);
      },
      { numRuns: ROUTE_RUNS, concurrency: CONCURRENCY, timeLimitMs: 150_000, seed: SEED },
    );
    expect(run.ran).toBe(ROUTE_RUNS);
    // Whatever was accepted finished: no row is left queued behind data the database refuses.
    const open = async (): Promise<number> =>
      (await hub.sql.query(`SELECT count(*)::int n FROM inbox_message WHERE state IN ('queued', 'processing')`)).rows[0].n;
    for (let i = 0; i < 150 && (await open()) > 0; i++) await new Promise((r) => setTimeout(r, 200));
    expect(await open()).toBe(0);
    const stored500 = await hub.sql.query(`SELECT count(*)::int n FROM inbox_message WHERE response_status >= 500`);
    expect(stored500.rows[0].n).toBe(0);
  }, 200_000);

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
