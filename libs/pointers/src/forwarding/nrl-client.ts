import { HubConfig } from '@hub/config';
import type { DocumentReference } from '@hub/fhir';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';

/** The media type pointer requests use: NRL via BaRS wants version 1.1.0 or later (BARS.md §5.1, §5.3). */
export const NRL_MEDIA_TYPE = 'application/fhir+json;version=1.1.0';

export interface NrlRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Below `NRL_BASE_URL` (`/DocumentReference…`), or an absolute URL the NRL gave us (a `next` link). */
  path: string;
  body?: DocumentReference;
  /** `X-Request-Id`: the outbox row's for its change (the same on every attempt); fresh for reads. */
  requestId?: string;
  correlationId: string;
}

export interface NrlResponse {
  status: number;
  location: string | null;
  body: unknown;
}

/** The NRL could not be reached, or did not answer in time: the outcome of a write is unknown. */
export class NrlUnreachableError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'NrlUnreachableError';
  }
}

/** HTTP to the NRL producer API (`NRL_BASE_URL`), with the headers BaRS asks of pointer requests. */
@Injectable()
export class NrlClient {
  constructor(private readonly config: HubConfig) {}

  async send(r: NrlRequest): Promise<NrlResponse> {
    const base = this.config.NRL_BASE_URL;
    if (base === undefined) throw new Error('NRL_BASE_URL is not set');
    const url = /^https?:\/\//.test(r.path) ? r.path : `${base}${r.path}`;
    const headers: Record<string, string> = {
      Accept: NRL_MEDIA_TYPE,
      'X-Request-Id': r.requestId ?? randomUUID(),
      'X-Correlation-Id': r.correlationId,
      'NHSD-End-User-Organisation-ODS': this.config.HUB_ODS_CODE,
    };
    if (r.body !== undefined) headers['Content-Type'] = NRL_MEDIA_TYPE;
    let res: Response;
    try {
      res = await fetch(url, {
        method: r.method,
        headers,
        body: r.body === undefined ? undefined : JSON.stringify(r.body),
        signal: AbortSignal.timeout(this.config.NRL_TIMEOUT_MS),
      });
    } catch (error) {
      const e = error as Error;
      const why = e.name === 'TimeoutError' ? `no answer within ${this.config.NRL_TIMEOUT_MS} ms` : `unreachable (${causeOf(e)})`;
      throw new NrlUnreachableError(`${r.method} ${r.path.split('?')[0]}: ${why}`);
    }
    const text = await res.text().catch(() => '');
    return { status: res.status, location: res.headers.get('location'), body: parseJson(text) };
  }
}

function causeOf(e: Error): string {
  const cause = (e as { cause?: { code?: unknown; message?: unknown } }).cause;
  const text = [cause?.code, cause?.message].find((v): v is string => typeof v === 'string');
  return text ?? e.message;
}

function parseJson(text: string): unknown {
  try {
    return text === '' ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}
