import { HubConfig } from '@hub/config';
import { Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';

/**
 * Keeps a sender's idle connection open for longer than the sender's own HTTP client does, and lets
 * every connection go once the api shuts down.
 *
 * Why longer: Node closes an idle connection after 5 s, about when a client's pool reuses it. A request
 * written on a connection the server is closing is reset unanswered (CI saw `read ECONNRESET` on a
 * loaded machine) and the sender cannot tell whether its message arrived. Clients close at the server's
 * `Keep-Alive: timeout` hint less 1-2 s (undici) and load balancers after 60 s idle, so with the server
 * holding on longer (`HTTP_KEEP_ALIVE_MS`, 65 s) the client side always closes first.
 *
 * Why the shutdown part: Node's `server.close()` waits for every open connection to end, so a connection
 * kept alive after its last answer would hold the api's exit for the whole keep-alive. From the start of
 * shutdown every answer says `Connection: close`, and connections with nothing in flight are closed.
 */
@Injectable()
export class ConnectionKeeper implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private closing = false;
  private readonly inFlight = new Set<ServerResponse>();

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly config: HubConfig,
  ) {}

  onApplicationBootstrap(): void {
    const server = this.server();
    server.keepAliveTimeout = this.config.HTTP_KEEP_ALIVE_MS;
    // A header deadline shorter than the keep-alive would cut a reused connection the same way.
    server.headersTimeout = Math.max(server.headersTimeout, this.config.HTTP_KEEP_ALIVE_MS + 1000);
    // First in line, so the response is seen before any handler can have answered it.
    server.prependListener('request', (_req: IncomingMessage, res: ServerResponse) => this.track(res));
  }

  beforeApplicationShutdown(): void {
    this.closing = true;
    for (const res of this.inFlight) this.lastAnswerOnItsConnection(res);
    this.server().closeIdleConnections();
  }

  private track(res: ServerResponse): void {
    if (this.closing) return this.lastAnswerOnItsConnection(res);
    this.inFlight.add(res);
    res.once('close', () => this.inFlight.delete(res));
  }

  private lastAnswerOnItsConnection(res: ServerResponse): void {
    if (!res.headersSent) {
      res.shouldKeepAlive = false; // Node then sends `Connection: close` and ends the socket after it
      return;
    }
    // Already answering with keep-alive: close the connection once it falls idle.
    const closeIdle = (): void => void setImmediate(() => this.server().closeIdleConnections());
    if (res.writableFinished) closeIdle();
    else res.once('finish', closeIdle);
  }

  private server(): Server {
    return this.adapterHost.httpAdapter.getHttpServer() as Server;
  }
}
