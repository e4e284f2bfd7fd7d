import { HubConfig } from '@hub/config';
import { RecError, Systems, sameSystem } from '@hub/fhir';
import { decodeBase64Json, type HeaderBag } from '@hub/message';
import { RedisConnections } from '@hub/messaging';
import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';

const WINDOW_S = 60;

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
 *
 * The limit is a fixed one-minute window per organisation, counted in Redis so that it holds across api
 * replicas (rate-limiter-flexible: one atomic INCR-with-expiry script per request, on one Redis or a
 * cluster). Should Redis fail, each process falls back to counting on its own (the insurance limiter), so
 * a Redis outage never turns into refusals: a sender then gets at most replicas × the limit.
 */
@Injectable()
export class SenderAccess implements OnApplicationBootstrap {
  private limiter?: RateLimiterRedis;

  constructor(
    private readonly config: HubConfig,
    private readonly redis: RedisConnections,
  ) {}

  /**
   * Connects before the first request: until the client is ready every request is counted by the
   * process alone, and a sender's first requests would be split between the two counts.
   */
  async onApplicationBootstrap(): Promise<void> {
    const limit = this.config.RATE_LIMIT_PER_MINUTE;
    if (limit === 0) return;
    this.limiterOf(limit);
    const client = this.redis.fastClient();
    for (let i = 0; i < 50 && client.status !== 'ready'; i++) await new Promise((r) => setTimeout(r, 100));
  }

  private limiterOf(limit: number): RateLimiterRedis {
    this.limiter ??= new RateLimiterRedis({
      storeClient: this.redis.fastClient(),
      keyPrefix: `${this.config.QUEUE_PREFIX}:sender-rate`,
      points: limit,
      duration: WINDOW_S,
      rejectIfRedisNotReady: true,
      insuranceLimiter: new RateLimiterMemory({ points: limit, duration: WINDOW_S }),
    });
    return this.limiter;
  }

  async check(headers: HeaderBag): Promise<void> {
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
    try {
      await this.limiterOf(limit).consume(ods ?? '(unidentified)');
    } catch (rejection) {
      // Only a RateLimiterRes means "over the limit"; a store error has already gone to the insurance limiter.
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      throw new RecError('REC_TOO_MANY_REQUESTS', 'throttled', 'Too many requests from this organisation; retry later', {
        'Retry-After': String(Math.max(1, Math.ceil(rejection.msBeforeNext / 1000))),
      });
    }
  }
}
