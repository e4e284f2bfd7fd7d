import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, ValidateIf } from 'class-validator';

// Strict: ' ', '1e3' or '0x50' stay strings and fail @IsInt, rather than turning into 0, 1000 or 80.
const toInt = ({ value }: { value: unknown }): unknown => (typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value);
// Strict: a typo such as 'ture' stays a string and fails @IsBoolean instead of silently meaning false.
const toBool = ({ value }: { value: unknown }): unknown => {
  if (typeof value !== 'string') return value;
  const v = value.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off'].includes(v)) return false;
  return value;
};

/** A whole-number setting within [min, max], given as decimal digits. */
function IntSetting(min: number, max: number): PropertyDecorator {
  return (target, key) => {
    for (const decorate of [Transform(toInt), IsInt(), Min(min), Max(max)]) decorate(target, key);
  };
}

const HTTP_URL = /^https?:\/\/[^\s]+[^/]$/;

/**
 * Every setting the hub reads, in one place. Values come from the environment only; each field's default
 * is what the zero-setup quick start runs with. `docs/operations.md` lists them for operators.
 */
export class HubConfig {
  /** HTTP port of the api (and of the standalone process). */
  @IntSetting(0, 65535)
  PORT = 3000;

  /** `postgres://user@host:5432/db` in production; `sqlite:<file>` for the embedded quick start. */
  @IsString()
  @Matches(/^(postgres(ql)?:\/\/.+|sqlite:.+)$/, { message: 'must be postgres://… or sqlite:<file>' })
  DATABASE_URL = 'sqlite:data/hub.sqlite';

  /** Connections per process. Each worker job holds one for its transaction. */
  @IntSetting(1, 200)
  DATABASE_POOL_SIZE = 10;

  /**
   * Redis for BullMQ (and the shared rate limit). `redis+cluster://host:port,host:port` (or `rediss+cluster://`)
   * names the seed nodes of a Redis Cluster. Unset: the standalone process starts an embedded Redis; api and
   * worker refuse to start.
   */
  @IsOptional()
  @Matches(/^rediss?(\+cluster)?:\/\/.+/, { message: 'must be redis://…, rediss://… or redis+cluster://host:port,host:port' })
  REDIS_URL?: string;

  /**
   * Prefix of every BullMQ key. On Redis Cluster a queue's keys must share one hash slot, so the prefix
   * used there is wrapped in braces (`hub` becomes `{hub}`) unless it already holds a hash tag: see
   * {@link queuePrefix}.
   */
  @IsString()
  @Matches(/^[A-Za-z0-9:{}_-]+$/, { message: 'letters, digits and : { } _ - only' })
  QUEUE_PREFIX = 'hub';

  /** Bearer token for `/admin`. Unset means admin is switched off (never open). */
  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'must be at least 16 characters' })
  ADMIN_TOKEN?: string;

  /** Who holds ADMIN_TOKEN, named in the log line of every admin action (e.g. `ops-team`). */
  @IsString()
  @Matches(/^[A-Za-z0-9._@-]{1,64}$/, { message: 'letters, digits and . _ @ - only, at most 64' })
  ADMIN_TOKEN_LABEL = 'admin';

  /** ODS code of the organisation running the hub: pointer custodian and author. */
  @IsString()
  @Matches(/^[A-Z0-9]{3,10}$/, { message: 'must be an ODS code (3-10 upper-case letters or digits)' })
  HUB_ODS_CODE = 'HUB01';

  /** Base URL senders reach the hub at; used for absolute references. Defaults to http://localhost:PORT. */
  @IsOptional()
  @Matches(HTTP_URL, { message: 'must be an http(s) URL without a trailing slash' })
  PUBLIC_BASE_URL?: string;

  /**
   * The GP Connect provider's ASID: `Ssp-To` must equal it (GPCONNECT.md §1.2). Unset: the GP Connect
   * surface (`/{ODS}/STU3/1/gpconnect/…`) is off and answers 404.
   */
  @IsOptional()
  @Matches(/^\d{1,20}$/, { message: 'must be an ASID (digits)' })
  GPC_ASID?: string;

  /** How long `$process-message` waits for the worker before answering 408 (BaRS allows 5 s in all). */
  @IntSetting(50, 30000)
  REPLY_TIMEOUT_MS = 4000;

  /** Jobs one worker process runs at once. */
  @IntSetting(1, 500)
  WORKER_CONCURRENCY = 8;

  /** Largest request body taken, in bytes; a larger one is refused before it is parsed (400 too-costly). */
  @IntSetting(1024, 50 * 1024 * 1024)
  MAX_BODY_BYTES = 1024 * 1024;

  /**
   * How long the api keeps an idle connection open for the sender's next request. Longer than the
   * senders' own idle limits (HTTP clients close at the server's hint minus 1-2 s; load balancers at 60 s)
   * so that the client side always closes first: when the server closes first, a request sent on the
   * closing connection is reset unanswered, and the sender cannot tell whether it arrived.
   */
  @IntSetting(1000, 120000)
  HTTP_KEEP_ALIVE_MS = 65000;

  /** Widest `start=ge…&start=le…` range `GET /Slot` answers, in days; wider is 422 too-costly. */
  @IntSetting(1, 366)
  SLOT_SEARCH_MAX_DAYS = 31;

  /**
   * How long a worker's hold on a job lasts without renewal; a job held by a worker that died is run
   * again after about this long (BullMQ lockDuration and stalled-job check).
   */
  @IntSetting(1000, 600_000)
  JOB_LOCK_MS = 30_000;

  /**
   * How long a message's job keeps retrying infrastructure faults (PostgreSQL or Redis unreachable) before
   * it gives up, from when it was accepted. A job that gave up while its answer could not be recorded is
   * re-driven by the workers' sweep once the database is back, so this bounds retries, not recovery.
   */
  @Transform(toInt)
  @IsInt()
  @Min(60_000)
  @Max(7 * 24 * 3_600_000)
  INBOUND_RETRY_WINDOW_MS = 3_600_000;

  /** Longest wait between two retries of a message's job; the delay doubles from 500 ms up to this. */
  @Transform(toInt)
  @IsInt()
  @Min(500)
  @Max(600_000)
  INBOUND_RETRY_MAX_DELAY_MS = 30_000;

  /** ODS codes (from NHSD-End-User-Organisation) allowed to call; empty allows every sender. Comma-separated. */
  @IsOptional()
  @Matches(/^\s*[A-Za-z0-9]+(\s*,\s*[A-Za-z0-9]+)*\s*$/, { message: 'a comma-separated list of ODS codes' })
  SENDER_ALLOWLIST?: string;

  /**
   * Requests a sender organisation may make per minute (0: no limit), counted in Redis so that it holds
   * across api replicas. Over it: 429 REC_TOO_MANY_REQUESTS with Retry-After. While Redis is unreachable
   * each api process counts alone.
   */
  @IntSetting(0, 1_000_000)
  RATE_LIMIT_PER_MINUTE = 0;

  /** PEM files for mutual TLS: all three set means HTTPS with a client certificate required. */
  @IsOptional() @IsString() TLS_CERT?: string;
  @IsOptional() @IsString() TLS_KEY?: string;
  @IsOptional() @IsString() TLS_CA?: string;

  /**
   * Queues this worker process consumes: a comma-separated list of queue names, or `*` for all of them.
   * The names are checked against the hub's queues when the worker boots (`resolveWorkerQueues`).
   */
  @IsString()
  @Matches(/^\s*(\*|[a-z0-9-]+(\s*,\s*[a-z0-9-]+)*)\s*$/, { message: 'must be * or a comma-separated list of queue names' })
  WORKER_QUEUES = '*';

  /** Port of the worker's own HTTP server (health and metrics only). 0 picks a free port (tests). */
  @IntSetting(0, 65535)
  WORKER_HTTP_PORT = 3001;

  /** Whether the api applies pending migrations at boot (under a lock). Workers never do. */
  @Transform(toBool)
  @IsBoolean()
  MIGRATIONS_RUN = true;

  /**
   * `Bundle.meta.versionId` values (BaRS application versions) this hub processes: comma-separated, exact
   * (`1.1.0`) or a prefix ending in `*`. Others get 422 (BARS.md §6 step 7).
   */
  @IsString()
  @Matches(/^\s*[\w.*-]+(\s*,\s*[\w.*-]+)*\s*$/, { message: 'a comma-separated list of versions such as 1.*,2.0.0' })
  SUPPORTED_MESSAGE_VERSIONS = '1.*';

  /** Major BaRS Core versions accepted in `Accept`/`Content-Type` `version=`; others get 406. Comma-separated. */
  @IsString()
  @Matches(/^\s*\d+(\s*,\s*\d+)*\s*$/, { message: 'a comma-separated list of major versions such as 1' })
  SUPPORTED_CORE_MAJORS = '1';

  /** SNOMED CT code of the pointers' `context.practiceSetting` (a child of 394658006 "Clinical specialty"). */
  @IsString()
  @Matches(/^\d{6,18}$/, { message: 'must be a SNOMED CT concept id (6-18 digits)' })
  POINTER_PRACTICE_SETTING = '394802001';

  /**
   * This system's product id as registered at onboarding (`https://fhir.nhs.uk/id/product-id`, e.g. `P.GH7-4TY`).
   * Optional for the local registry; required with `NRL_BASE_URL`, whose schema wants three identifiers.
   */
  @ValidateIf((c: HubConfig) => c.POINTER_PRODUCT_ID !== undefined || HTTP_URL.test(c.NRL_BASE_URL ?? ''))
  @Matches(/^[A-Za-z0-9._-]{1,64}$/, {
    message: (a) => (a.value === undefined ? 'is required when NRL_BASE_URL is set' : 'letters, digits and . _ - only (at most 64)'),
  })
  POINTER_PRODUCT_ID?: string;

  /** Base URL of the National Record Locator (producer API) to forward pointer changes to. Unset: not forwarded. */
  @IsOptional()
  @Matches(HTTP_URL, { message: 'must be an http(s) URL without a trailing slash' })
  NRL_BASE_URL?: string;

  /** How long one request to the NRL may take before it counts as a timeout (and is retried). */
  @IntSetting(100, 120000)
  NRL_TIMEOUT_MS = 10000;

  /** Attempts per pointer change (timeouts, 429 and 5xx are retried) before it is left `failed`. */
  @IntSetting(1, 50)
  NRL_ATTEMPTS = 10;

  /** First retry delay; each later one doubles it (1 s, 2 s, 4 s … ≈ 17 min over the default 10 attempts). */
  @IntSetting(10, 600000)
  NRL_BACKOFF_MS = 1000;

  /** Pointer changes one worker process sends at once (each appointment's changes stay in order regardless). */
  @IntSetting(1, 64)
  NRL_CONCURRENCY = 4;

  /**
   * How long a pointer job may go without its worker renewing the lock before another worker takes it
   * over (a worker that died mid-send). Renewed every half of it; keep it well above any event-loop stall.
   */
  @IntSetting(1000, 600000)
  NRL_LEASE_MS = 30000;

  /** How often each worker moves pointer changes that are due from the outbox onto the `pointers` queue. */
  @IntSetting(50, 60000)
  POINTER_RELAY_INTERVAL_MS = 1000;

  @IsIn(['fatal', 'error', 'warn', 'log', 'debug', 'verbose'])
  LOG_LEVEL: 'fatal' | 'error' | 'warn' | 'log' | 'debug' | 'verbose' = 'log';

  get senderAllowlist(): string[] {
    return (this.SENDER_ALLOWLIST ?? '')
      .split(',')
      .map((v) => v.trim().toUpperCase())
      .filter((v) => v !== '');
  }

  get supportedMessageVersions(): string[] {
    return this.SUPPORTED_MESSAGE_VERSIONS.split(',').map((v) => v.trim());
  }

  get supportedCoreMajors(): number[] {
    return this.SUPPORTED_CORE_MAJORS.split(',').map((v) => Number(v.trim()));
  }

  /** Whether `REDIS_URL` names a Redis Cluster (`redis+cluster://` or `rediss+cluster://`). */
  get redisCluster(): boolean {
    return /^rediss?\+cluster:/.test(this.REDIS_URL ?? '');
  }

  /**
   * The key prefix every BullMQ object gets. On a cluster it must hold a hash tag (Redis hashes only the
   * part between the first `{` and the next `}`, when that part is not empty), or a queue's keys would be
   * spread over nodes and BullMQ's scripts refused with CROSSSLOT.
   */
  get queuePrefix(): string {
    const p = this.QUEUE_PREFIX;
    if (!this.redisCluster) return p;
    const open = p.indexOf('{');
    const close = open < 0 ? -1 : p.indexOf('}', open + 1);
    return close > open + 1 ? p : `{${p.replace(/[{}]/g, '')}}`;
  }

  /** Whether pointer changes are forwarded to an NRL (`NRL_BASE_URL` is set). */
  get forwardsPointers(): boolean {
    return this.NRL_BASE_URL !== undefined;
  }

  get publicBaseUrl(): string {
    return this.PUBLIC_BASE_URL ?? `http://localhost:${this.PORT}`;
  }
}

const LEVELS = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'] as const;

/** Nest logger levels at and above `LOG_LEVEL`. */
export function logLevels(level: HubConfig['LOG_LEVEL']): (typeof LEVELS)[number][] {
  return LEVELS.slice(0, LEVELS.indexOf(level) + 1);
}
