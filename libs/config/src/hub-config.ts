import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength } from 'class-validator';

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

/**
 * Every setting the hub reads, in one place. Values come from the environment only; each field's default
 * is what the zero-setup quick start runs with. `docs/operations.md` lists them for operators.
 */
export class HubConfig {
  /** HTTP port of the api (and of the standalone process). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  /** `postgres://user@host:5432/db` in production; `sqlite:<file>` for the embedded quick start. */
  @IsString()
  @Matches(/^(postgres(ql)?:\/\/.+|sqlite:.+)$/, { message: 'must be postgres://… or sqlite:<file>' })
  DATABASE_URL = 'sqlite:data/hub.sqlite';

  /** Connections per process. Each worker job holds one for its transaction. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_SIZE = 10;

  /** Redis for BullMQ. Unset: the standalone process starts an embedded Redis; api and worker refuse to start. */
  @IsOptional()
  @Matches(/^rediss?:\/\/.+/, { message: 'must be redis://… or rediss://…' })
  REDIS_URL?: string;

  /**
   * Prefix of every BullMQ key. Wrap it in braces (`{hub}`) on Redis Cluster so that a queue's keys share
   * one hash slot.
   */
  @IsString()
  @Matches(/^[A-Za-z0-9:{}_-]+$/, { message: 'letters, digits and : { } _ - only' })
  QUEUE_PREFIX = 'hub';

  /** Bearer token for `/admin`. Unset means admin is switched off (never open). */
  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'must be at least 16 characters' })
  ADMIN_TOKEN?: string;

  /** ODS code of the organisation running the hub: pointer custodian and author. */
  @IsString()
  @Matches(/^[A-Z0-9]{3,10}$/, { message: 'must be an ODS code (3-10 upper-case letters or digits)' })
  HUB_ODS_CODE = 'HUB01';

  /** Base URL senders reach the hub at; used for absolute references. Defaults to http://localhost:PORT. */
  @IsOptional()
  @Matches(/^https?:\/\/[^\s]+[^/]$/, { message: 'must be an http(s) URL without a trailing slash' })
  PUBLIC_BASE_URL?: string;

  /** How long `$process-message` waits for the worker before answering 408 (BaRS allows 5 s in all). */
  @Transform(toInt)
  @IsInt()
  @Min(50)
  @Max(30000)
  REPLY_TIMEOUT_MS = 4000;

  /** Jobs one worker process runs at once. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(500)
  WORKER_CONCURRENCY = 8;

  /**
   * Queues this worker process consumes: a comma-separated list of queue names, or `*` for all of them.
   * The names are checked against the hub's queues when the worker boots (`resolveWorkerQueues`).
   */
  @IsString()
  @Matches(/^\s*(\*|[a-z0-9-]+(\s*,\s*[a-z0-9-]+)*)\s*$/, { message: 'must be * or a comma-separated list of queue names' })
  WORKER_QUEUES = '*';

  /** Port of the worker's own HTTP server (health and metrics only). 0 picks a free port (tests). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  WORKER_HTTP_PORT = 3001;

  /** Whether the api applies pending migrations at boot (under a lock). Workers never do. */
  @Transform(toBool)
  @IsBoolean()
  MIGRATIONS_RUN = true;

  @IsIn(['fatal', 'error', 'warn', 'log', 'debug', 'verbose'])
  LOG_LEVEL: 'fatal' | 'error' | 'warn' | 'log' | 'debug' | 'verbose' = 'log';

  get publicBaseUrl(): string {
    return this.PUBLIC_BASE_URL ?? `http://localhost:${this.PORT}`;
  }
}

const LEVELS = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'] as const;

/** Nest logger levels at and above `LOG_LEVEL`. */
export function logLevels(level: HubConfig['LOG_LEVEL']): (typeof LEVELS)[number][] {
  return LEVELS.slice(0, LEVELS.indexOf(level) + 1);
}
