import { startHub, type Hub } from './support/hub';
import { call, postMessage, publish, recOf } from './support/http';
import { availability, barsHeaders, bookingMessage, futureSlot } from './support/messages';

describe('when the worker cannot answer within REPLY_TIMEOUT_MS', () => {
  let hub: Hub;
  beforeAll(async () => {
    // No worker yet: every message waits in the queue.
    hub = await startHub({ workers: 0, replyTimeoutMs: 300 });
    expect((await publish(hub, availability([futureSlot(0)]))).status).toBe(200);
  });
  afterAll(() => hub?.stop());

  it('answers 408 REC_TIMEOUT, keeps the message, and gives the retry 425 then the duplicate answer naming the booking (case 8)', async () => {
    const headers = barsHeaders();
    const message = bookingMessage(futureSlot(0));

    const first = await postMessage(hub, message, headers);
    expect(first.status).toBe(408);
    expect(recOf(first)).toMatchObject({ code: 'REC_TIMEOUT', issue: 'timeout' });
    expect(first.headers.get('retry-after')).toBe('1');

    const early = await postMessage(hub, message, headers);
    expect(early.status).toBe(425);
    expect(recOf(early)).toMatchObject({ code: 'REC_TOO_EARLY', issue: 'duplicate' });
    expect(early.headers.get('retry-after')).toBe('1');

    await hub.startWorker();
    let state = '';
    for (let i = 0; i < 100 && state !== 'done'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      state = (await hub.sql.query('SELECT state FROM inbox_message WHERE request_id = $1', [headers['X-Request-Id']])).rows[0].state;
    }
    expect(state).toBe('done');
    const later = await postMessage(hub, message, headers);
    expect(later.status).toBe(409);
    expect(recOf(later)).toMatchObject({ code: 'REC_CONFLICT', issue: 'duplicate' });
    expect((await hub.sql.query(`SELECT count(*) n FROM appointment`)).rows[0].n).toBe('1');

    // The sender that timed out learns what was booked: the duplicate names it, and it can be read there.
    const stored = (await hub.sql.query('SELECT id FROM appointment')).rows[0].id as string;
    const location = later.headers.get('content-location') ?? '';
    expect(location.endsWith(`/Appointment/${stored}/_history/1`)).toBe(true);
    expect(later.body.issue[0].details.text).toBe(`Appointment/${stored}/_history/1`);
    expect(recOf(later).diagnostics).toContain(`Appointment/${stored}`);
    const read = await call(hub, 'GET', location.slice(location.indexOf('/Appointment/')));
    expect(read.body).toMatchObject({ resourceType: 'Appointment', id: stored, status: 'booked' });
  });
});
