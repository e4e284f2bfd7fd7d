import { HubConfig } from '@hub/config';
import { RecError, Systems, sameSystem } from '@hub/fhir';
import { decodeBase64Json, type HeaderBag } from '@hub/message';
import { Injectable } from '@nestjs/common';

const WINDOW_MS = 60_000;

/** The sender organisation's ODS code from `NHSD-End-User-Organisation` (a base64 FHIR Organization). */
export function senderOds(headers: HeaderBag): string | undefined {
  const raw = headers['nhsd-end-user-organisation'];
  const org = typeof raw === 'string' ? decodeBase64Json(raw) : undefined;
  const ids = Array.isArray(org?.identifier) ? (org.identifier as Array<{ system?: unknown; value?: unknown }>) : [];
  const ods = ids.find(
    (i) => typeof i.system === 'string' && sameSystem(i.system, Systems.odsOrganisationCode) && typeof i.value === 'string',
  );
  return typeof ods?.value === 'string' ? ods.value.trim().toUpperCase() : undefined;
}

/**
 * Access control from the BaRS headers (BARS.md §6 step 3): an optional allow-list of sender
 * organisations (others 401 REC_UNAUTHORIZED) and a per-organisation rate limit (429 with Retry-After).
 * The limit is a fixed one-minute window per api process.
 */
@Injectable()
export class SenderAccess {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(private readonly config: HubConfig) {}

  check(headers: HeaderBag): void {
    const ods = senderOds(headers);
    const allow = this.config.senderAllowlist;
    if (allow.length > 0 && (ods === undefined || !allow.includes(ods))) {
      throw new RecError(
        'REC_UNAUTHORIZED',
        'forbidden',
        'The sending organisation (NHSD-End-User-Organisation) is not allowed to use this receiver',
      );
    }
    const limit = this.config.RATE_LIMIT_PER_MINUTE;
    if (limit === 0) return;
    const key = ods ?? '(unidentified)';
    const now = Date.now();
    const w = this.windows.get(key);
    if (!w || now - w.start >= WINDOW_MS) {
      if (this.windows.size > 10_000) this.windows.clear();
      this.windows.set(key, { start: now, count: 1 });
      return;
    }
    if (++w.count > limit) {
      const retry = Math.ceil((w.start + WINDOW_MS - now) / 1000);
      throw new RecError('REC_TOO_MANY_REQUESTS', 'throttled', 'Too many requests from this organisation; retry later', {
        'Retry-After': String(retry),
      });
    }
  }
}
