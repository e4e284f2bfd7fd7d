import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { distMain } from './support/paths';
import { freePort } from './support/ports';
import { startNode, type RunningProcess } from './support/processes';
import { resource, targetHeader } from './support/messages';

const HUB_KEYS = [
  'DATABASE_URL',
  'REDIS_URL',
  'QUEUE_PREFIX',
  'ADMIN_TOKEN',
  'PORT',
  'REPLY_TIMEOUT_MS',
  'MIGRATIONS_RUN',
  'LOG_LEVEL',
  'PUBLIC_BASE_URL',
];

/** `npm start` on a fresh machine: no settings at all, SQLite under ./data and an embedded Redis. */
describe('the quick start (standalone process, embedded defaults)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hub-quickstart-'));
  let port: number;
  let hub: RunningProcess | undefined;

  const start = async (): Promise<RunningProcess> => {
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port) };
    for (const key of HUB_KEYS) if (key !== 'PORT') delete env[key];
    return startNode(distMain('standalone'), { env, cwd: dir, ready: /BaRS hub listening/, timeoutMs: 60_000 });
  };
  const book = async (): Promise<{ status: number; body: any }> => {
    const message = JSON.parse(readFileSync(join(dir, 'data/example-booking.json'), 'utf8'));
    const res = await fetch(`http://127.0.0.1:${port}/$process-message`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/fhir+json',
        'X-Request-Id': randomUUID(),
        'X-Correlation-Id': randomUUID(),
        'NHSD-Target-Identifier': targetHeader('111111111'),
      },
      body: JSON.stringify(message),
    });
    return { status: res.status, body: await res.json() };
  };

  beforeAll(async () => {
    port = await freePort();
  });
  afterAll(async () => {
    await hub?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('boots with no configuration, tells the user how to post, and books the example message', async () => {
    hub = await start();
    expect(hub.output()).toContain(`http://localhost:${port}`);
    expect(hub.output()).toContain('curl');
    expect(hub.output()).toContain('data/example-booking.json');

    const booked = await book();
    expect(booked.status).toBe(200);
    const id = resource(booked.body, 'Appointment').id;
    const read = await fetch(`http://127.0.0.1:${port}/Appointment/${id}`);
    expect(read.status).toBe(200);
    expect(((await read.json()) as { status: string }).status).toBe('booked');
  });

  it('stops cleanly on SIGTERM and restarts on the same data, with the example moved to the next free slot', async () => {
    await hub?.stop();
    expect(hub?.child.exitCode === 0 || hub?.child.signalCode === 'SIGTERM').toBe(true);
    hub = await start();
    expect(hub.output()).not.toContain('applied InitialSchema');
    expect((await book()).status).toBe(200);
  });
});
