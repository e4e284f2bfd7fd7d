import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { closeAtSuiteEnd } from './cleanup';
import type { Json } from './messages';

/** One request as the fake NRL saw it, with what it answered (undefined: it never answered). */
export interface Received {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** The JSON body; `{}` when there was none. */
  body: Json;
  status?: number;
  /** The BaRS-Identifier (appointment id) of the pointer the request was about, when known. */
  appointmentId?: string;
}

type Rule = { left: number; status: number | 'no-answer'; when: (r: Received) => boolean };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const outcome = (severity: string, code: string, diagnostics: string): Json => ({
  resourceType: 'OperationOutcome',
  issue: [{ severity, code: severity === 'information' ? 'informational' : 'processing', details: { coding: [{ code }] }, diagnostics }],
});
const appointmentOf = (pointer: Json | undefined): string | undefined =>
  pointer?.identifier?.find((i: Json) => i.system === 'https://fhir.nhs.uk/Id/BaRS-Identifier')?.value;

/**
 * A stand-in for the NRL producer API on 127.0.0.1: keeps pointers by the ids it gives them (not the
 * hub's), answers as NRL does (201 + Location, 200, 404), records every request in order, and misbehaves
 * on demand: answers with an error status, or applies a write and never answers (a lost reply).
 */
export class FakeNrl {
  readonly received: Received[] = [];
  readonly pointers = new Map<string, Json>();
  /** Every write that took effect, in order. */
  readonly applied: Array<{ method: string; remoteId: string; appointmentId?: string }> = [];
  private rules: Rule[] = [];
  private outageStatus: number | undefined;
  private readonly hanging = new Set<ServerResponse>();
  private readonly server = createServer((req, res) => void this.handle(req, res));
  url = '';

  private close: () => Promise<void> = () => Promise.resolve();

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.close = closeAtSuiteEnd('fake NRL', () => this.shutDown());
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    await this.close();
  }

  private async shutDown(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Behaves again: no outage, no pending misbehaviour (what was stored and received is kept). */
  reset(): void {
    this.outageStatus = undefined;
    this.rules = [];
  }

  /** Every request fails with `status` until `outage(undefined)`. */
  outage(status: number | undefined): void {
    this.outageStatus = status;
  }

  /** The next `count` requests matching `when` get `status` (nothing applied), or are applied and never answered. */
  misbehave(count: number, status: number | 'no-answer', when: (r: Received) => boolean = () => true): void {
    this.rules.push({ left: count, status, when });
  }

  /** Requests of a method that the fake answered with success (`2xx`). */
  succeeded(method: string): Received[] {
    return this.received.filter((r) => r.method === method && r.status !== undefined && r.status < 300);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', this.url);
    const r: Received = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body: text ? JSON.parse(text) : {},
    };
    const id = /^\/DocumentReference\/([^/]+)$/.exec(url.pathname)?.[1];
    r.appointmentId = appointmentOf(r.body) ?? (id === undefined ? undefined : appointmentOf(this.pointers.get(decodeURIComponent(id))));
    this.received.push(r);

    const rule = this.rules.find((x) => x.left > 0 && x.when(r));
    if (rule) rule.left--;
    if (this.outageStatus !== undefined || (rule && rule.status !== 'no-answer')) {
      const status = this.outageStatus ?? (rule?.status as number);
      return this.answer(r, res, status, outcome('error', 'SERVICE_UNAVAILABLE', 'The registry is unavailable'));
    }
    if (!/version=1\.1\.0/.test(String(req.headers.accept))) return this.answer(r, res, 406, outcome('error', 'NOT_ACCEPTABLE', 'version'));
    if (!UUID.test(String(req.headers['x-request-id'])) || !UUID.test(String(req.headers['x-correlation-id']))) {
      return this.answer(r, res, 400, outcome('error', 'BAD_REQUEST', 'X-Request-Id and X-Correlation-Id are required'));
    }
    const [status, body, headers] = this.apply(r, id === undefined ? undefined : decodeURIComponent(id));
    if (rule?.status === 'no-answer') {
      this.hanging.add(res);
      return;
    }
    this.answer(r, res, status, body, headers);
  }

  private apply(r: Received, id: string | undefined): [number, Json, Record<string, string>?] {
    if (r.method === 'GET' && id === undefined) {
      const subject = r.query.get('subject:identifier')?.split('|')[1];
      const matches = [...this.pointers.values()].filter((p) => p.subject?.identifier?.value === subject);
      return [200, { resourceType: 'Bundle', type: 'searchset', total: matches.length, entry: matches.map((resource) => ({ resource })) }];
    }
    if (r.method === 'POST' && id === undefined) {
      const remoteId = `RMT01-${randomUUID()}`;
      for (const rel of r.body?.relatesTo ?? []) {
        const target = rel.target?.identifier?.value;
        if (!this.pointers.has(target)) return [422, outcome('error', 'INVALID_RESOURCE', 'relatesTo target not found')];
        this.pointers.delete(target);
      }
      this.pointers.set(remoteId, { ...r.body, id: remoteId });
      this.applied.push({ method: 'POST', remoteId, appointmentId: r.appointmentId });
      return [
        201,
        outcome('information', 'RESOURCE_CREATED', 'The document has been created'),
        { Location: `${this.url}/DocumentReference/${remoteId}` },
      ];
    }
    if (id === undefined || !this.pointers.has(id)) return [404, outcome('error', 'RESOURCE_NOT_FOUND', 'Item could not be found')];
    if (r.method === 'GET') return [200, this.pointers.get(id) as Json];
    if (r.method === 'PUT') {
      if (r.body?.id !== id) return [400, outcome('error', 'BAD_REQUEST', 'id mismatch')];
      this.pointers.set(id, r.body);
      this.applied.push({ method: 'PUT', remoteId: id, appointmentId: r.appointmentId });
      return [200, outcome('information', 'RESOURCE_UPDATED', 'The document has been updated')];
    }
    if (r.method === 'DELETE') {
      this.pointers.delete(id);
      this.applied.push({ method: 'DELETE', remoteId: id, appointmentId: r.appointmentId });
      return [200, outcome('information', 'RESOURCE_DELETED', 'The requested DocumentReference has been deleted')];
    }
    return [405, outcome('error', 'METHOD_NOT_ALLOWED', 'method')];
  }

  private answer(r: Received, res: ServerResponse, status: number, body: Json, headers: Record<string, string> = {}): void {
    r.status = status;
    res.writeHead(status, { 'Content-Type': 'application/fhir+json', ...headers });
    res.end(JSON.stringify(body));
  }
}
