import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy in front of PostgreSQL that reads the wire protocol and counts round trips: a client's
 * "flight" is everything it sends from the moment it has every answer it asked for (each Sync or simple
 * Query is answered by one ReadyForQuery) until it has them all again. Statements sent in one flight
 * (pipelined) are one round trip; statements each awaited before the next are one round trip each.
 */
export interface Flight {
  /** The proxy's number for the client connection. */
  connection: number;
  /** `application_name` from the connection's startup message (`bars-hub-worker`, `bars-hub-api`). */
  application: string;
  /** What the flight sent: prepared statement names as bound, or the SQL text of unnamed/simple ones. */
  statements: string[];
}

export interface RoundTripCounter {
  url: (target: string) => string;
  /** Flights completed or in progress since the last `reset`. */
  flights: () => Flight[];
  reset: () => void;
  close: () => Promise<void>;
}

interface ConnectionState {
  id: number;
  application: string;
  started: boolean;
  fromClient: Buffer;
  fromServer: Buffer;
  outstanding: number;
  current: Flight | undefined;
  /** The last message was a Parse, so the next Bind is its statement's. */
  parsed: boolean;
}

const SYNC = 'S'.charCodeAt(0);
const QUERY = 'Q'.charCodeAt(0);
const PARSE = 'P'.charCodeAt(0);
const BIND = 'B'.charCodeAt(0);
const READY = 'Z'.charCodeAt(0);

function cstrings(buf: Buffer, from: number, count: number): string[] {
  const out: string[] = [];
  let at = from;
  for (let i = 0; i < count; i++) {
    const end = buf.indexOf(0, at);
    out.push(buf.toString('utf8', at, end));
    at = end + 1;
  }
  return out;
}

export async function startRoundTripCounter(targetHost: string, targetPort: number): Promise<RoundTripCounter> {
  let flights: Flight[] = [];
  let next = 0;
  const sockets = new Set<Socket>();

  const onClientMessage = (c: ConnectionState, type: number, body: Buffer): void => {
    if (!c.current) {
      c.current = { connection: c.id, application: c.application, statements: [] };
      flights.push(c.current);
    }
    if (type === PARSE) {
      const [name, text] = cstrings(body, 0, 2);
      c.current.statements.push(name !== '' ? name : text.replace(/\s+/g, ' ').trim());
      c.parsed = true;
    } else if (type === BIND) {
      const [, name] = cstrings(body, 0, 2);
      // The Bind right after a Parse executes that statement, already recorded by its Parse.
      if (!c.parsed) c.current.statements.push(name);
      c.parsed = false;
    } else if (type === QUERY) {
      c.current.statements.push(cstrings(body, 0, 1)[0].replace(/\s+/g, ' ').trim());
    }
    if (type === SYNC || type === QUERY) c.outstanding++;
  };

  const readClient = (c: ConnectionState): void => {
    for (;;) {
      const buf = c.fromClient;
      if (!c.started) {
        if (buf.length < 4) return;
        const len = buf.readInt32BE(0);
        if (buf.length < len) return;
        // StartupMessage: length, protocol, then name/value pairs.
        const pairs = buf.subarray(8, len).toString('utf8').split('\0');
        for (let i = 0; i + 1 < pairs.length; i += 2) if (pairs[i] === 'application_name') c.application = pairs[i + 1];
        c.started = true;
        c.fromClient = buf.subarray(len);
        continue;
      }
      if (buf.length < 5) return;
      const len = buf.readInt32BE(1);
      if (buf.length < len + 1) return;
      onClientMessage(c, buf[0], buf.subarray(5, len + 1));
      c.fromClient = buf.subarray(len + 1);
    }
  };

  const readServer = (c: ConnectionState): void => {
    for (;;) {
      const buf = c.fromServer;
      if (buf.length < 5) return;
      const len = buf.readInt32BE(1);
      if (buf.length < len + 1) return;
      // The ReadyForQuery that ends the start-up answers nothing the client counted.
      if (buf[0] === READY && c.outstanding > 0 && --c.outstanding === 0) c.current = undefined;
      c.fromServer = buf.subarray(len + 1);
    }
  };

  const onClient = (client: Socket): void => {
    const upstream = connect(targetPort, targetHost);
    sockets.add(client).add(upstream);
    const c: ConnectionState = {
      id: next++,
      application: '',
      started: false,
      fromClient: Buffer.alloc(0),
      fromServer: Buffer.alloc(0),
      outstanding: 0,
      current: undefined,
      parsed: false,
    };
    const end = (): void => {
      sockets.delete(client);
      sockets.delete(upstream);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
    upstream.on('data', (chunk: Buffer) => {
      c.fromServer = Buffer.concat([c.fromServer, chunk]);
      readServer(c);
      client.write(chunk);
    });
    client.on('data', (chunk: Buffer) => {
      c.fromClient = Buffer.concat([c.fromClient, chunk]);
      readClient(c);
      upstream.write(chunk);
    });
  };

  const server: Server = createServer(onClient);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as { port: number }).port;

  return {
    url: (target) => {
      const u = new URL(target);
      u.hostname = '127.0.0.1';
      u.port = String(port);
      return u.toString();
    },
    flights: () => flights,
    reset: () => {
      flights = [];
    },
    close: async () => {
      const closed = new Promise<void>((r) => server.close(() => r()));
      for (const s of sockets) s.destroy();
      await closed;
    },
  };
}
