import { spawn, type ChildProcess } from 'node:child_process';
import { trackChild } from './cleanup';
import { freePort } from './ports';
import { waitUntil } from './processes';

export interface PrivateRedis {
  url: string;
  stop: () => Promise<void>;
  start: () => Promise<void>;
}

/** A throw-away `redis-server` of this test's own, so that the test can take Redis away and back. */
export async function privateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const start = async (): Promise<void> => {
    let out = '';
    child = trackChild(
      spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    );
    child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
    await waitUntil(() => /Ready to accept connections/.test(out), `redis-server on port ${port}`);
  };
  const stop = async (): Promise<void> => {
    const c = child;
    if (!c || c.exitCode !== null) return;
    const exited = new Promise((r) => c.once('exit', r));
    c.kill('SIGKILL');
    await exited;
  };
  await start();
  return { url: `redis://127.0.0.1:${port}`, start, stop };
}
