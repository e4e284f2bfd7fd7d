import type { Response } from 'express';

export const FHIR_JSON = 'application/fhir+json; charset=utf-8';

/** Sends a FHIR resource. BaRS data changes per request, so nothing may be cached. */
export function sendFhir(res: Response, status: number, body: unknown): void {
  res.status(status).setHeader('Content-Type', FHIR_JSON);
  res.setHeader('Cache-Control', 'no-store');
  res.end(JSON.stringify(body));
}
