import { createServer } from 'node:net';

/** Below Linux's ephemeral range (32768 and up), where `listen(0)` and outgoing connections take ports. */
const FIRST = 20_000;
const BAND = 2_000;
const BANDS = 6;
/** Handed out by this suite already: a server it stopped and will start again is not listening now. */
const given = new Set<number>();

/**
 * A loopback port nothing listens on right now, for a server a test starts, and may stop and start again
 * on the same port (a Redis, the proxy standing in for PostgreSQL). Not port 0's choice: while such a
 * server is down, any `listen(0)` in a suite running beside this one could be given its port. These come
 * from below the ephemeral range, from a band of this Jest worker's own, so no other suite takes them.
 */
export async function freePort(): Promise<number> {
  const worker = Number(process.env.JEST_WORKER_ID ?? 1);
  const base = FIRST + ((worker - 1) % BANDS) * BAND;
  for (let tries = 0; tries < 500; tries++) {
    const port = base + Math.floor(Math.random() * BAND);
    if (given.has(port) || !(await canListen(port))) continue;
    given.add(port);
    return port;
  }
  throw new Error(`no free loopback port in ${base}-${base + BAND - 1}`);
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
