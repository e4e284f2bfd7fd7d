import { ADMIN_TOKEN, startHub, workerPort, type Hub } from './support/hub';
import { postMessage, publish } from './support/http';
import { availability, barsHeaders, bookingMessage, futureSlot } from './support/messages';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy';

const MESSAGES = 300;
const OUTAGE_MS = 30_000;
const SENDERS = 16;
/** Answers after which a BaRS sender retries the same message with the same X-Request-Id. */
const RETRY = new Set([408, 425, 503]);

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * PostgreSQL unreachable for longer than the old retry budget (five attempts in ~7.5 s) while bookings
 * are in flight: a TCP proxy between the hub and the shared server is closed for 30 s, then reopened.
 * Every accepted message must finish with no operator step, once.
 */
describe('PostgreSQL unreachable for 30 s under load', () => {
  let proxy: TcpProxy;
  let hub: Hub;
  beforeAll(async () => {
    const direct = new URL(process.env.TEST_DATABASE_URL as string);
    proxy = await startTcpProxy(direct.hostname, Number(direct.port || 5432));
    hub = await startHub({
      databaseUrl: proxy.url,
      replyTimeoutMs: 1500,
      env: { INBOUND_RETRY_MAX_DELAY_MS: '2000', JOB_LOCK_MS: '5000' },
    });
    expect((await publish(hub, availability(Array.from({ length: MESSAGES }, (_, i) => futureSlot(i))))).status).toBe(200);
  });
  afterAll(async () => {
    await hub?.stop();
    await proxy?.close();
  });

  const unfinished = async (): Promise<number> =>
    (await hub.sql.query(`SELECT count(*)::int n FROM inbox_message WHERE state IN ('queued', 'processing')`)).rows[0].n;

  /** Each endpoint once, bounded by a generous timeout (before, some waited for the database to return). */
  const probeEndpoints = async (): Promise<Record<string, { status: number; ms: number; databaseUp?: number }>> => {
    const bearer = { Authorization: `Bearer ${ADMIN_TOKEN}` };
    const worker = `http://127.0.0.1:${workerPort(hub.workers[0])}`;
    const targets: Array<[string, string, Record<string, string>]> = [
      ['api /metrics', `${hub.baseUrl}/metrics`, {}],
      ['worker /metrics', `${worker}/metrics`, {}],
      ['/health/ready', `${hub.baseUrl}/health/ready`, {}],
      ['/admin/status', `${hub.baseUrl}/admin/status`, bearer],
      ['/admin/messages', `${hub.baseUrl}/admin/messages`, bearer],
      ['/Appointment/{id}', `${hub.baseUrl}/Appointment/6f1c3f30-3f5e-4d53-9a77-3a3b1c1f0003`, barsHeaders()],
    ];
    const out: Record<string, { status: number; ms: number; databaseUp?: number }> = {};
    for (const [name, url, headers] of targets) {
      const started = Date.now();
      const res = await fetch(url, { headers, signal: AbortSignal.timeout(15_000) });
      const text = await res.text();
      const up = /^hub_dependency_up\{dependency="database"\} (\d)/m.exec(text)?.[1];
      out[name] = { status: res.status, ms: Date.now() - started, ...(up === undefined ? {} : { databaseUp: Number(up) }) };
    }
    return out;
  };

  it('0 stuck, 0 lost, 0 doubled, no admin call; every sender gets its real answer', async () => {
    const statuses = new Map<number, number>();
    const finals: number[] = [];
    let sent = 0;
    let outage: Promise<void> | undefined;
    let restoredAt = 0;
    let probes: Record<string, { status: number; ms: number; databaseUp?: number }> = {};
    /** One sender: the message, retried with the same X-Request-Id while the answer says "later". */
    const send = async (i: number): Promise<void> => {
      const headers = barsHeaders();
      const bundle = bookingMessage(futureSlot(i));
      for (let tries = 0; ; tries++) {
        const answer = await postMessage(hub, bundle, headers);
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
        if (!RETRY.has(answer.status) || tries > 300) {
          if (answer.status === 409) expect(answer.body.issue[0].code).toBe('duplicate');
          return void (finals[i] = answer.status);
        }
        await sleep(1000);
      }
    };
    let next = 0;
    await Promise.all(
      Array.from({ length: SENDERS }, async () => {
        while (next < MESSAGES) {
          const i = next++;
          if (++sent === 100) {
            outage = (async () => {
              await proxy.cut();
              const started = Date.now();
              await sleep(1000);
              probes = await probeEndpoints();
              await sleep(OUTAGE_MS - (Date.now() - started));
              await proxy.restore();
              restoredAt = Date.now();
            })();
          }
          await send(i);
        }
      }),
    );
    await outage;
    for (let i = 0; i < 600 && (await unfinished()) > 0; i++) await sleep(200);
    const recoveryMs = Date.now() - restoredAt;

    const counts = (
      await hub.sql.query(`SELECT
        (SELECT count(*)::int FROM inbox_message WHERE state IN ('queued', 'processing')) stuck,
        (SELECT count(*)::int FROM inbox_message WHERE state = 'done') done,
        (SELECT count(*)::int FROM inbox_message WHERE state = 'failed') failed,
        (SELECT count(*)::int FROM appointment) appointments,
        (SELECT count(DISTINCT slot_id)::int FROM appointment) slots,
        (SELECT count(*)::int FROM appointment_version) versions`)
    ).rows[0];
    process.stdout.write(
      `outage-long: ${MESSAGES} messages, answers by status ${JSON.stringify(Object.fromEntries(statuses))}, ` +
        `finals ${JSON.stringify(finals.reduce<Record<number, number>>((a, s) => ({ ...a, [s]: (a[s] ?? 0) + 1 }), {}))}, ` +
        `${JSON.stringify(counts)}, all finished ${recoveryMs} ms after the database came back\n`,
    );
    process.stdout.write(`outage-long: endpoints with the database unreachable: ${JSON.stringify(probes)}\n`);
    // Every endpoint answered while the database was away: metrics (saying so), admin and reads 503.
    expect(probes['api /metrics']).toMatchObject({ status: 200, databaseUp: 0 });
    expect(probes['worker /metrics']).toMatchObject({ status: 200, databaseUp: 0 });
    expect(probes['/health/ready'].status).toBe(503);
    expect(probes['/admin/messages'].status).toBe(503);
    expect(probes['/admin/status'].status).toBe(200);
    expect(probes['/Appointment/{id}'].status).toBe(503);
    // Never a 5xx other than 503 "not accepted"; every sender ends with its booking: 200, or 409
    // `duplicate` for a retry of a message it had been told was still in progress (BARS.md §6).
    expect([...statuses.keys()].filter((s) => s >= 500 && s !== 503)).toEqual([]);
    expect(finals.filter((s) => s !== 200 && s !== 409)).toEqual([]);
    expect(counts).toEqual({ stuck: 0, done: MESSAGES, failed: 0, appointments: MESSAGES, slots: MESSAGES, versions: MESSAGES });
  }, 300_000);
});
