import { ADMIN_TOKEN, type Hub } from './hub';
import type { Json } from './messages';

export interface Answer {
  status: number;
  headers: Headers;
  body: Json;
  text: string;
}

export async function call(
  hub: Hub,
  method: string,
  path: string,
  opts: { headers?: Record<string, string>; body?: unknown } = {},
): Promise<Answer> {
  const body = opts.body === undefined ? undefined : typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
  const res = await fetch(`${hub.baseUrl}${path}`, { method, headers: opts.headers, body });
  const text = await res.text();
  let json: Json = {};
  try {
    json = text === '' ? {} : JSON.parse(text);
  } catch {
    json = {};
  }
  return { status: res.status, headers: res.headers, body: json, text };
}

export function postMessage(hub: Hub, bundle: unknown, headers: Record<string, string>): Promise<Answer> {
  return call(hub, 'POST', '/$process-message', { headers, body: bundle });
}

/** `token: null` sends no Authorization header at all. */
export function publish(hub: Hub, bundle: unknown, token: string | null = ADMIN_TOKEN): Promise<Answer> {
  const headers: Record<string, string> = { 'Content-Type': 'application/fhir+json' };
  if (token !== null) headers.Authorization = `Bearer ${token}`;
  return call(hub, 'POST', '/admin/availability', { headers, body: bundle });
}

/** The one REC_* code and issue code of an OperationOutcome answer. */
export function recOf(answer: Answer): { code?: string; issue?: string; display?: string; diagnostics?: string } {
  const issue = answer.body?.issue?.[0];
  const coding = issue?.details?.coding?.[0];
  return { code: coding?.code, issue: issue?.code, display: coding?.display, diagnostics: issue?.diagnostics };
}
