import { MEDIA_TYPES, responseFormat, toXml, type FhirFormat } from '@hub/gpconnect';
import type { Request, Response } from 'express';

/** The format a response is sent in: `_format`, then `Accept`, then `Content-Type`, then JSON. */
export function negotiatedFormat(req: Request): FhirFormat {
  const format = typeof req.query._format === 'string' ? req.query._format : undefined;
  return responseFormat({ format, accept: req.header('accept'), contentType: req.header('content-type') });
}

export interface SendOptions {
  /** The resource's version, sent as `ETag: W/"<versionId>"` (GPCONNECT.md §1.5). */
  versionId?: string;
  /** Extra headers (e.g. `Location`). */
  headers?: Record<string, string>;
  /** Whether `Prefer: return=minimal` may empty the body (writes); errors always carry theirs. */
  allowMinimal?: boolean;
}

/**
 * Sends a STU3 resource in the negotiated format. `Cache-Control: no-store` is already set for every
 * response under the root (gpc-http.ts). With `Prefer: return=minimal` a write answers its success
 * status with an empty body (GPCONNECT.md §1.4).
 */
export function sendStu3(req: Request, res: Response, status: number, resource: object, format: FhirFormat, opts: SendOptions = {}): void {
  res.status(status);
  res.setHeader('Cache-Control', 'no-store');
  if (opts.versionId !== undefined) res.setHeader('ETag', `W/"${opts.versionId}"`);
  for (const [k, v] of Object.entries(opts.headers ?? {})) res.setHeader(k, v);
  const write = req.method === 'POST' || req.method === 'PUT';
  const minimal = opts.allowMinimal !== false && write && /return=minimal/i.test(req.header('prefer') ?? '');
  if (minimal) {
    res.end();
    return;
  }
  res.setHeader('Content-Type', `${MEDIA_TYPES[format]};charset=utf-8`);
  res.end(format === 'xml' ? toXml(resource) : JSON.stringify(resource));
}
