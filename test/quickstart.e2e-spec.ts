import { execFileSync, spawn } from 'node:child_process';
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { stripVTControlCharacters } from 'node:util';
import { join } from 'node:path';
import Redis from 'ioredis';
import { distMain } from './support/paths';
import { deleteKeysUnder } from './support/queue-keys';
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
  /** The Appointment the first test booked with the example message, in the printed conversation. */
  let firstBooking: any;

  const start = async (): Promise<RunningProcess> => {
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port) };
    for (const key of HUB_KEYS) if (key !== 'PORT') delete env[key];
    return startNode(distMain('standalone'), { env, cwd: dir, ready: /BaRS hub listening/, timeoutMs: 60_000 });
  };
  /** Posts one of the example files as the printed command does: the conversation's X-Correlation-Id, and the change's time stamped in. */
  const post = async (name: string, correlationId: string = randomUUID()): Promise<{ status: number; body: any }> => {
    const text = readFileSync(join(dir, `data/${name}`), 'utf8').replaceAll('{{now}}', new Date().toISOString());
    const res = await fetch(`http://127.0.0.1:${port}/$process-message`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/fhir+json',
        'X-Request-Id': randomUUID(),
        'X-Correlation-Id': correlationId,
        'NHSD-Target-Identifier': targetHeader('111111111'),
      },
      body: text,
    });
    return { status: res.status, body: await res.json() };
  };
  const book = (): Promise<{ status: number; body: any }> => post('example-booking.json');
  /** Runs numbered command `n` of the printed conversation in bash, exactly as printed (colour codes aside). */
  const runPrinted = (n: number): any => {
    const lines = stripVTControlCharacters(hub?.output() ?? '').split('\n');
    const at = lines.findIndex((line) => line.startsWith(`${n}. `));
    if (at === -1) throw new Error(`no command ${n} in the printed conversation`);
    const command: string[] = [];
    for (const line of lines.slice(at + 1)) {
      command.push(line);
      if (!line.endsWith('\\')) break;
    }
    return JSON.parse(execFileSync('bash', ['-c', command.join('\n')], { cwd: dir, encoding: 'utf8' }));
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

    // As a newcomer pastes it: curl prints the answer, a Bundle only when the hub answered 200.
    const booked = { body: runPrinted(1) };
    expect(booked.body.resourceType).toBe('Bundle');
    firstBooking = resource(booked.body, 'Appointment');
    const id = firstBooking.id;
    const read = await fetch(`http://127.0.0.1:${port}/Appointment/${id}`);
    expect(read.status).toBe(200);
    expect(((await read.json()) as { status: string }).status).toBe('booked');
  });

  it('generates an admin token, prints it once with the dashboard URL, and logs the demo service it published', async () => {
    const out = hub?.output() ?? '';
    const token = readFileSync(join(dir, 'data/admin-token'), 'utf8').trim();
    expect(token.length).toBeGreaterThanOrEqual(16);
    expect(statSync(join(dir, 'data/admin-token')).mode & 0o077).toBe(0);
    expect(out).toContain(`Admin token, generated now and shown only this once (kept in data/admin-token): ${token}`);
    expect(out).toContain(`Admin dashboard (queues and jobs): http://localhost:${port}/admin/queues`);
    expect(out).toMatch(
      /published the demo service "Demo urgent treatment centre" \(DoS id 111111111\): \d+ free 15-minute slots over the next 14 days/,
    );
    const status = await fetch(`http://127.0.0.1:${port}/admin/status`, { headers: { Authorization: `Bearer ${token}` } });
    expect(status.status).toBe(200);
  });

  it('writes a rebook and a cancel of the example booking that work in the printed order', async () => {
    const out = hub?.output() ?? '';
    const order = ['data/example-booking.json', 'data/example-rebook.json', 'data/example-cancel.json'].map((f) => out.indexOf(f));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);

    // Pasted back to back, as a newcomer runs them: the cancel follows the rebook within the same second
    // (stamped to the second, it read as older than the rebook and was refused as stale).
    const first = firstBooking;
    const rebooked = { body: runPrinted(2) };
    const cancelled = { body: runPrinted(3) };
    expect([rebooked.body.resourceType, cancelled.body.resourceType]).toEqual(['Bundle', 'Bundle']);
    const second = resource(rebooked.body, 'Appointment');
    expect(second.status).toBe('booked');
    expect(second.id).not.toBe(first.id);
    expect(second.start).not.toBe(first.start);
    expect(resource(cancelled.body, 'Appointment').status).toBe('cancelled');

    const read = await fetch(`http://127.0.0.1:${port}/Appointment/${second.id}`);
    expect(((await read.json()) as { status: string }).status).toBe('cancelled');
  });

  it('is not ready while the SQLite file cannot be written, and ready again once it can', async () => {
    const ready = async (): Promise<{ status: number; body: any }> => {
      const res = await fetch(`http://127.0.0.1:${port}/health/ready`);
      return { status: res.status, body: await res.json() };
    };
    expect(await ready()).toMatchObject({ status: 200, body: { info: { databaseWritable: { status: 'up' } } } });
    // Another process holding the write lock, as a stuck sqlite3 shell or a backup tool would.
    const other = new Database(join(dir, 'data/hub.sqlite'));
    other.exec('BEGIN EXCLUSIVE');
    try {
      const locked = await ready();
      expect(locked.status).toBe(503);
      expect(locked.body.error.databaseWritable).toMatchObject({ status: 'down', message: expect.stringMatching(/cannot be written/) });
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    expect((await ready()).status).toBe(200);
  });

  it('stops cleanly on SIGTERM and restarts on the same data, with the example moved to the next free slot', async () => {
    await hub?.stop();
    expect(hub?.child.exitCode === 0 || hub?.child.signalCode === 'SIGTERM').toBe(true);
    hub = await start();
    expect(hub.output()).not.toContain('applied InitialSchema');
    expect(hub.output()).not.toContain('shown only this once');
    expect(hub.output()).toContain('Admin token: the one in data/admin-token');
    expect(hub.output()).toContain('is already published');
    expect((await book()).status).toBe(200);
  });

  it('answers a retry (same X-Request-Id) from the one row it recorded, on SQLite as on PostgreSQL', async () => {
    const requestId = randomUUID();
    const correlationId = randomUUID();
    const text = readFileSync(join(dir, 'data/example-booking.json'), 'utf8');
    const send = async (): Promise<number> => {
      const res = await fetch(`http://127.0.0.1:${port}/$process-message`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/fhir+json',
          'X-Request-Id': requestId,
          'X-Correlation-Id': correlationId,
          'NHSD-Target-Identifier': targetHeader('111111111'),
        },
        body: text,
      });
      await res.body?.cancel();
      return res.status;
    };
    const first = await send();
    const again = await send();
    // The example's slot was booked by the restart test: the first is refused, and the retry gets that
    // same answer from the record (a retry of a booking that had worked would get 409 `duplicate`).
    expect(again).toBe(first === 200 ? 409 : first);
    const token = readFileSync(join(dir, 'data/admin-token'), 'utf8').trim();
    const recorded = await fetch(`http://127.0.0.1:${port}/admin/messages?requestId=${requestId}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(recorded.status).toBe(200);
    expect(((await recorded.json()) as { messages: unknown[] }).messages).toHaveLength(1);
  });
});

describe('the quick start on a port that is taken', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hub-quickstart-busy-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('says what holds it back and keeps no admin token nobody was shown', async () => {
    const holder = createServer();
    const port = await freePort();
    await new Promise<void>((r) => holder.listen(port, r));
    try {
      const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port) };
      for (const key of HUB_KEYS) if (key !== 'PORT') delete env[key];
      // The shared Redis instead of an embedded one: this start is meant to fail half-way.
      const prefix = `e2e_busy_${randomUUID().slice(0, 8)}`;
      Object.assign(env, { REDIS_URL: process.env.TEST_REDIS_URL, QUEUE_PREFIX: prefix });
      const child = spawn(process.execPath, [distMain('standalone')], { cwd: dir, env });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (out += d.toString()));
      const code = await new Promise<number | null>((r) => child.on('exit', r));
      expect(code).toBe(1);
      expect(out).toMatch(/EADDRINUSE.*another process holds the port: stop it, or start with PORT=/);
      expect(out).not.toContain('shown only this once');
      // The next start generates a token and prints it, instead of naming a file the user never saw.
      expect(existsSync(join(dir, 'data/admin-token'))).toBe(false);
      const redis = new Redis(process.env.TEST_REDIS_URL as string);
      await deleteKeysUnder(redis, prefix);
      redis.disconnect();
    } finally {
      await new Promise((r) => holder.close(r));
    }
  });
});
