import type { Request } from 'express';

/**
 * The GP Connect service root, `/{ODS}/STU3/1/gpconnect` (GPCONNECT.md §1.1: Appointment Management
 * and Foundations share one root; no trailing slash). `:ods` is the hosted organisation's ODS code.
 */
export const GPC_ROOT = ':ods/STU3/1/gpconnect';

const ROOT = /^\/([^/]+)\/STU3\/1\/gpconnect(?=\/|$)/;

/** Whether an Express path is under some GP Connect service root (before routing). */
export function isGpcPath(path: string): boolean {
  return ROOT.test(path);
}

/** The ODS code and the path under the service root, exactly as sent (case and trailing slash kept). */
export function gpcPath(req: Request): { ods: string; path: string } {
  const m = ROOT.exec(req.path);
  if (!m) return { ods: '', path: req.path };
  let ods = m[1];
  try {
    ods = decodeURIComponent(ods);
  } catch {
    // A malformed escape is simply an ODS code no organisation has.
  }
  return { ods, path: req.path.slice(m[0].length) };
}

/** The absolute service root of an organisation, for `aud` and CapabilityStatement.implementation.url. */
export function serviceRoot(base: string, ods: string): string {
  return `${base}/${ods}/STU3/1/gpconnect`;
}
