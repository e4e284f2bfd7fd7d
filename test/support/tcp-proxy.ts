import { createServer, connect, type Server, type Socket } from 'node:net';
import { freePort } from './ports';

/**
 * A TCP proxy the test controls, in front of the shared PostgreSQL: the hub talks to it, so an outage or
 * a dropped connection can be staged without touching the server everyone else uses.
 */
export interface TcpProxy {
  port: number;
  /** The database URL with its host and port replaced by the proxy's. */
  url: (target: string) => string;
  /** Closes every connection and refuses new ones (the port is closed): the database is unreachable. */
  cut: () => Promise<void>;
  /** Listens again on the same port. */
  restore: () => Promise<void>;
  /**
   * The next client packet containing `marker` is forwarded; the client's connection is then dropped at
   * once, and the server's as soon as it has answered, so the statement ran (and, outside a transaction,
   * committed) but its acknowledgement never reaches the client. Resolves when that has happened.
   */
  dropAfterForwarding: (marker: string) => Promise<void>;
  /**
   * The next client packet containing `marker` is held, never forwarded: `caught` resolves when it
   * arrives, and `drop` then closes that connection. The client sent the statement and its connection
   * died, so it cannot know that the statement never ran, and the test chooses what happens meanwhile.
   */
  holdInsteadOfForwarding: (marker: string) => { caught: Promise<void>; drop: () => void };
  close: () => Promise<void>;
}

export async function startTcpProxy(targetHost: string, targetPort: number): Promise<TcpProxy> {
  const pairs = new Set<[Socket, Socket]>();
  let trap: { marker: Buffer; sprung: () => void } | undefined;
  let hold: { marker: Buffer; caught: (drop: () => void) => void } | undefined;
  let server: Server;
  // A port no other suite's listen(0) can take while the proxy is cut (see freePort).
  let port = await freePort();

  const onClient = (client: Socket): void => {
    const upstream = connect(targetPort, targetHost);
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    const end = (): void => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
    upstream.on('data', (chunk) => client.write(chunk));
    client.on('data', (chunk) => {
      const held = hold;
      if (held && chunk.includes(held.marker)) {
        hold = undefined;
        held.caught(end);
        return;
      }
      const armed = trap;
      if (armed && chunk.includes(armed.marker)) {
        trap = undefined;
        upstream.write(chunk);
        client
          .removeAllListeners('close')
          .removeAllListeners('error')
          .on('error', () => undefined);
        client.destroy();
        upstream.removeAllListeners('data');
        // The server answers only after executing (and committing) the statement: then cut it too.
        upstream.once('data', () => {
          end();
          armed.sprung();
        });
        return;
      }
      upstream.write(chunk);
    });
  };

  const listen = (): Promise<void> =>
    new Promise((resolve, reject) => {
      server = createServer(onClient);
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        port = (server.address() as { port: number }).port;
        resolve();
      });
    });
  const cut = async (): Promise<void> => {
    const closed = new Promise<void>((r) => server.close(() => r()));
    for (const [a, b] of pairs) {
      a.destroy();
      b.destroy();
    }
    pairs.clear();
    await closed;
  };
  await listen();

  return {
    get port() {
      return port;
    },
    url: (target) => {
      const u = new URL(target);
      u.hostname = '127.0.0.1';
      u.port = String(port);
      return u.toString();
    },
    cut,
    restore: listen,
    dropAfterForwarding: (marker) => new Promise<void>((sprung) => (trap = { marker: Buffer.from(marker), sprung })),
    holdInsteadOfForwarding: (marker) => {
      let drop: (() => void) | undefined;
      const caught = new Promise<void>((resolve) => {
        hold = { marker: Buffer.from(marker), caught: (end) => ((drop = end), resolve()) };
      });
      return { caught, drop: () => drop?.() };
    },
    close: cut,
  };
}
