import { responseFindings } from './fhir/response-check';

/**
 * Installed for every e2e suite (jest `setupFilesAfterEnv`): every response a test receives through
 * `fetch` (the `call` helpers and direct calls alike) to a loopback address is checked by
 * `responseFindings`, and a test whose responses had findings fails after it runs, listing them.
 * Nothing needs to be remembered for a new route. A request made another way (node:https, for client
 * certificates) passes its answer to `checkResponse` itself.
 */
const pending: string[] = [];
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** At most this many findings are listed per response (a hostile body can hold tens of thousands). */
const LISTED = 20;

export function checkResponse(response: Parameters<typeof responseFindings>[0]): void {
  const found = responseFindings(response);
  for (const finding of found.slice(0, LISTED)) pending.push(finding);
  if (found.length > LISTED) pending.push(`  … and ${found.length - LISTED} more in that response`);
}

/** Hands over (and clears) the findings so far: for the suite that proves the check can fail. */
export function takeResponseFindings(): string[] {
  return pending.splice(0, pending.length);
}

const original = globalThis.fetch;
globalThis.fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
  const response = await original(input, init);
  const url = new URL(input instanceof Request ? input.url : String(input));
  const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
  if (LOOPBACK.has(url.hostname) && method !== 'HEAD' && response.body) {
    const contentType = response.headers.get('content-type');
    if (/json/i.test(contentType ?? '')) {
      const text = await response.clone().text();
      checkResponse({ method, url: url.href, status: response.status, contentType, text });
    }
  }
  return response;
};

function failOnFindings(): void {
  const found = takeResponseFindings();
  if (found.length > 0) {
    throw new Error(`the hub answered with FHIR the validator rejects:\n${found.map((f) => `  ${f}`).join('\n')}`);
  }
}

afterEach(failOnFindings);
afterAll(failOnFindings);
