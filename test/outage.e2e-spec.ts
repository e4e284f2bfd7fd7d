import { Client } from 'pg';
import { startHub, type Hub } from './support/hub';
import { call, postMessage, publish, recOf } from './support/http';
import { availability, barsHeaders, bookingMessage, futureSlot } from './support/messages';

describe('PostgreSQL unreachable', () => {
  let hub: Hub;
  let admin: Client;
  let dbName: string;
  beforeAll(async () => {
    hub = await startHub();
    expect((await publish(hub, availability([futureSlot(0), futureSlot(1)]))).status).toBe(200);
    dbName = new URL(hub.env.DATABASE_URL as string).pathname.slice(1);
    admin = new Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
  });
  afterAll(async () => {
    await admin.query(`ALTER DATABASE ${dbName} ALLOW_CONNECTIONS true`).catch(() => undefined);
    await admin.end();
    await hub?.stop();
  });

  it('answers 503 REC_SERVICE_UNAVAILABLE transient (never 500) and recovers without a restart', async () => {
    await admin.query(`ALTER DATABASE ${dbName} ALLOW_CONNECTIONS false`);
    await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [dbName]);

    const down = await postMessage(hub, bookingMessage(futureSlot(0)), barsHeaders());
    expect(down.status).toBe(503);
    expect(recOf(down)).toMatchObject({ code: 'REC_SERVICE_UNAVAILABLE', issue: 'transient' });
    expect(down.headers.get('retry-after')).toBe('5');
    const read = await call(hub, 'GET', '/Appointment/6f1c3f30-3f5e-4d53-9a77-3a3b1c1f0003');
    expect(read.status).toBe(503);

    await admin.query(`ALTER DATABASE ${dbName} ALLOW_CONNECTIONS true`);
    let up = await postMessage(hub, bookingMessage(futureSlot(1)), barsHeaders());
    for (let i = 0; i < 50 && up.status !== 200; i++) {
      await new Promise((r) => setTimeout(r, 200));
      up = await postMessage(hub, bookingMessage(futureSlot(1)), barsHeaders());
    }
    expect(up.status).toBe(200);
  });
});
