import { RecError, type Bundle } from '@hub/fhir';
import type { HeaderBag } from './bars-headers';

function headerValue(headers: HeaderBag, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v.join(',') : v;
}

/** Major versions named by `version=` parameters of a media-type header (`application/fhir+json; version=1.4.0`). */
function majors(value: string | undefined): number[] {
  if (value === undefined) return [];
  return [...value.matchAll(/version\s*=\s*"?(\d+)(?:\.[^;,"\s]*)?"?/gi)].map((m) => Number(m[1]));
}

/**
 * `Accept` and `Content-Type` may carry the BaRS Core version (`version=1.4.0`); without one any version
 * is fine (BARS.md §1.3, §8.14). A major version this hub does not speak is refused with 406
 * REC_NOT_ACCEPTABLE `processing` (IG Content-Negotiation). Of several Accept ranges, one supported is enough.
 */
export function checkMediaVersions(headers: HeaderBag, supportedMajors: readonly number[]): void {
  for (const name of ['accept', 'content-type']) {
    const named = majors(headerValue(headers, name));
    if (named.length > 0 && !named.some((m) => supportedMajors.includes(m))) {
      throw new RecError(
        'REC_NOT_ACCEPTABLE',
        'processing',
        `The ${name === 'accept' ? 'Accept' : 'Content-Type'} header asks for a BaRS version this receiver does not support (supported major versions: ${supportedMajors.join(', ')})`,
      );
    }
  }
}

/** Whether `version` matches one of the configured patterns: exact (`1.1.0`) or a prefix ending in `*` (`1.*`). */
export function versionSupported(version: string, supported: readonly string[]): boolean {
  return supported.some((p) => (p.endsWith('*') ? version.startsWith(p.slice(0, -1)) : version === p));
}

/**
 * `Bundle.meta.versionId` is the version of the BaRS *Application* the message follows (BARS.md §2.1,
 * §8.10): absent → 400 `invariant`; not one this receiver processes → 422 `not-supported`.
 */
export function checkBundleVersion(bundle: Bundle, supported: readonly string[]): void {
  const version = bundle.meta?.versionId;
  if (typeof version !== 'string' || version.trim() === '') {
    throw RecError.badRequest('invariant', 'Bundle.meta.versionId is required: it names the BaRS application version the message follows');
  }
  if (!versionSupported(version.trim(), supported)) {
    throw RecError.unprocessable(
      'not-supported',
      `Bundle.meta.versionId "${version.trim().slice(0, 40)}": the versioning specified is not supported`,
    );
  }
}
