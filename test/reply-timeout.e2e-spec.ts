import { startHub, type Hub } from './support/hub';
import { postMessage, publish, recOf } from './support/http';
import { availability, barsHeaders, bookingMessage, futureSlot } from './support/messages';

describe('when the worker cannot answer within REPLY_TIMEOUT_MS', () => {
  let hub: Hub;
  beforeAll(async () => {
    // No worker yet: every message waits in the queue.
    hub = await startHub({ workers: 0, replyTimeoutMs: 300 });
    expect((await publish(hub, availability([futureSlot(0)]))).status).toBe(200);
  });
  afterAll(() => hub?.stop());

  it('answers 408 REC_TIMEOUT, keeps the message, and gives the retry 425 then the duplicate answer', async () => {
    const headers = barsHeaders();
    const message = bookingMessage(futureSlot(0));

    const first = await postMessage(hub, message, headers);
    expect(first.status).toBe(408);
    expect(recOf(first)).toMatchObject({ code: 'REC_TIMEOUT', issue: 'timeout' });

    const early = await postMessage(hub, message, headers);
    expect(early.status).toBe(425);
    expect(recOf(early)).toMatchObject({ code: 'REC_TOO_EARLY', issue: 'duplicate' });

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
  });
});
