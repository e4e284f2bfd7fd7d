import { connect } from 'node:net';
import { startApiProcess } from './support/api-process';
import { startHub, type Hub } from './support/hub';
import { publish, type Answer } from './support/http';
import { holdBookings } from './support/hold';
import { availability, barsHeaders, bookingMessage, futureSlot } from './support/messages';
import { waitUntil, type RunningProcess } from './support/processes';
import { inboundQueue } from './support/queues';

const exited = (p: RunningProcess): Promise<void> =>
  p.child.exitCode !== null || p.child.signalCode !== null ? Promise.resolve() : new Promise((r) => p.child.once('exit', () => r()));
const running = (p: RunningProcess): boolean => p.child.exitCode === null && p.child.signalCode === null;

/** True when nothing accepts a new TCP connection on the port any more. */
function refuses(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(false)));
    socket.once('error', () => resolve(true));
  });
}

async function post(baseUrl: string, slot: number): Promise<Answer> {
  const res = await fetch(`${baseUrl}/$process-message`, {
    method: 'POST',
    headers: barsHeaders(),
    body: JSON.stringify(bookingMessage(futureSlot(slot))),
  });
  return { status: res.status, headers: res.headers, body: {}, text: await res.text() };
}

const inbox = async (hub: Hub): Promise<Record<string, number>> => {
  const { rows } = await hub.sql.query(`SELECT state, count(*)::int n FROM inbox_message GROUP BY state`);
  return Object.fromEntries(rows.map((r: { state: string; n: number }) => [r.state, r.n]));
};

describe('graceful shutdown on SIGTERM (real processes, real signals)', () => {
  let hub: Hub;
  beforeAll(async () => {
    hub = await startHub({ workers: 1, workerConcurrency: 3, replyTimeoutMs: 30_000 });
    expect((await publish(hub, availability(Array.from({ length: 20 }, (_, i) => futureSlot(i))))).status).toBe(200);
  });
  afterAll(() => hub?.stop());

  it('a worker finishes the jobs it holds, takes no more, exits; a replacement does the rest', async () => {
    const queue = inboundQueue(hub);
    const [worker] = hub.workers;
    const hold = await holdBookings(hub);
    let answers: Answer[];
    try {
      const posted = Promise.all(Array.from({ length: 12 }, (_, i) => post(hub.baseUrl, i)));
      await waitUntil(async () => (await queue.getActiveCount()) === 3 && (await queue.getWaitingCount()) === 9, '3 active, 9 waiting');

      worker.child.kill('SIGTERM');
      await waitUntil(() => /finishing running jobs/.test(worker.output()), 'the worker to start draining');
      expect(running(worker)).toBe(true); // its three jobs are still blocked in the database
      await hold.release();
      await exited(worker);
      expect(worker.child.signalCode).not.toBe('SIGKILL');
      expect(worker.output()).toContain('inbound queue drained');

      // What it had taken, it finished; what it had not, it left waiting; nothing is half-done.
      expect(await queue.getJobCounts('active', 'waiting', 'completed', 'failed')).toEqual({
        active: 0,
        waiting: 9,
        completed: 3,
        failed: 0,
      });
      expect(await inbox(hub)).toEqual({ done: 3, queued: 9 });

      await hub.startWorker();
      answers = await posted;
    } finally {
      await hold.release();
    }
    expect(answers.map((a) => a.status)).toEqual(Array(12).fill(200));
    expect(await inbox(hub)).toEqual({ done: 12 });
  });

  it('the api stops accepting connections, answers the requests in flight, then exits', async () => {
    await Promise.all(hub.workers.map((w) => w.stop()));
    const api = await startApiProcess(hub, { REPLY_TIMEOUT_MS: '30000' });
    const port = Number(new URL(api.baseUrl).port);
    const before = (await inbox(hub)).done;
    const inFlight = Promise.all([12, 13, 14, 15].map((slot) => post(api.baseUrl, slot)));
    // Accepted and waiting for a worker (there is none).
    await waitUntil(async () => (await inbox(hub)).queued === 4, 'the api to accept 4 messages');

    api.child.kill('SIGTERM');
    await waitUntil(() => refuses(port), 'the api to stop accepting connections');
    expect(running(api)).toBe(true); // still answering the four in flight

    await hub.startWorker();
    const answers = await inFlight;
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    // Kept alive, the four connections would hold the exit for the whole keep-alive (65 s).
    expect(answers.map((a) => a.headers.get('connection'))).toEqual(Array(4).fill('close'));
    await exited(api);
    expect(api.child.signalCode).not.toBe('SIGKILL');
    expect(await inbox(hub)).toEqual({ done: before + 4 });
  });
});
