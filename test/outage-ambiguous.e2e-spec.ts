import { startHub, type Hub } from './support/hub';
import { holdBookings } from './support/hold';
import { postMessage, publish, recOf } from './support/http';
import { availability, barsHeaders, bookingMessage, futureSlot } from './support/messages';
import { waitUntil } from './support/processes';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy';

/** The inbox insert's prepared-statement name, in the packet that carries it to PostgreSQL. */
const INBOX_INSERT = 'hub_inbox_accept';

describe('the inbox insert committed but its acknowledgement was lost', () => {
  let proxy: TcpProxy;
  let hub: Hub;
  beforeAll(async () => {
    const direct = new URL(process.env.TEST_DATABASE_URL as string);
    proxy = await startTcpProxy(direct.hostname, Number(direct.port || 5432));
    hub = await startHub({ databaseUrl: proxy.url });
    expect((await publish(hub, availability([futureSlot(0), futureSlot(1), futureSlot(2)]))).status).toBe(200);
    // Once, so the statement is prepared on some connection and later packets name it.
    expect((await postMessage(hub, bookingMessage(futureSlot(1)), barsHeaders())).status).toBe(200);
  });
  afterAll(async () => {
    await hub?.stop();
    await proxy?.close();
  });

  it('finds out on another connection and answers as accepted: never a 503 for a message it then books', async () => {
    const headers = barsHeaders();
    // A retry is the same message under the same X-Request-Id (another message under it is refused, 422).
    const message = bookingMessage(futureSlot(0));
    const dropped = proxy.dropAfterForwarding(INBOX_INSERT);
    const answer = await postMessage(hub, message, headers);
    await dropped;
    // The row was committed by the dropped connection: the answer is the booking (or "still processing").
    expect([200, 408, 425]).toContain(answer.status);
    if (answer.status !== 200) expect(recOf(answer).code).toMatch(/^REC_(TIMEOUT|TOO_EARLY)$/);
    const requestId = headers['X-Request-Id'];
    for (let i = 0; i < 200; i++) {
      const { rows } = await hub.sql.query(`SELECT state FROM inbox_message WHERE request_id = $1`, [requestId]);
      if (rows[0]?.state === 'done') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const rows = (await hub.sql.query(`SELECT state FROM inbox_message WHERE request_id = $1`, [requestId])).rows;
    expect(rows).toEqual([{ state: 'done' }]);
    const booked = (await hub.sql.query(`SELECT count(*)::int n FROM appointment`)).rows[0].n;
    expect(booked).toBe(2);
    // The sender's retry with the same X-Request-Id learns it is already processed, not a second booking.
    const retry = await postMessage(hub, message, headers);
    expect(retry.status).toBe(409);
    expect(recOf(retry)).toMatchObject({ code: 'REC_CONFLICT', issue: 'duplicate' });
  }, 60_000);

  it('while finding out, a row of another request under the same X-Request-Id is a repeat (425), never taken as its own', async () => {
    const headers = barsHeaders();
    const message = bookingMessage(futureSlot(2));
    const requestId = headers['X-Request-Id'];
    const hold = await holdBookings(hub); // the worker takes the second request's job and waits
    try {
      // The first request's insert never reaches PostgreSQL, and its connection dies once sent.
      const first = proxy.holdInsteadOfForwarding(INBOX_INSERT);
      const answerToFirst = postMessage(hub, message, headers);
      await first.caught;
      // Meanwhile the sender's retry (the same message, the same X-Request-Id) is recorded and queued.
      const answerToRetry = postMessage(hub, message, headers);
      await waitUntil(
        async () => (await hub.sql.query(`SELECT 1 FROM inbox_message WHERE request_id = $1`, [requestId])).rowCount === 1,
        'the retry to be recorded',
      );
      first.drop();
      // The first request finds the retry's row: still in hand, so "retry later", not a wait on its job.
      const answer = await answerToFirst;
      expect(answer.status).toBe(425);
      expect(recOf(answer)).toMatchObject({ code: 'REC_TOO_EARLY' });
      await hold.release();
      expect([200, 408]).toContain((await answerToRetry).status);
    } finally {
      await hold.release();
    }
    await waitUntil(
      async () => (await hub.sql.query(`SELECT state FROM inbox_message WHERE request_id = $1`, [requestId])).rows[0]?.state === 'done',
      'the retry to be processed',
    );
    const { rows } = await hub.sql.query(`SELECT count(*)::int n FROM appointment WHERE slot_id IN (SELECT id FROM slot)`);
    expect(rows[0].n).toBe(3);
  }, 60_000);
});
