import type { HubConfig } from '@hub/config';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { Params } from 'nestjs-pino';
import type { Level } from 'pino';

/** Nest's level names, as `LOG_LEVEL` takes them, to pino's. */
const PINO_LEVEL: Record<HubConfig['LOG_LEVEL'], Level> = {
  fatal: 'fatal',
  error: 'error',
  warn: 'warn',
  log: 'info',
  debug: 'debug',
  verbose: 'trace',
};

/**
 * Keys whose values are, or may hold, patient data in FHIR (HumanName, birthDate, ContactPoint,
 * Address, Identifier with the NHS number) or whole resources and bodies. Redacted at any of the first
 * three levels of whatever is logged, so a careless `logger.log({ patient })` cannot leak them.
 */
export const PATIENT_DATA_KEYS = [
  'body',
  'entry',
  'resource',
  'name',
  'given',
  'family',
  'birthDate',
  'telecom',
  'address',
  'identifier',
  'nhsNumber',
  'nhs_number',
] as const;

/** Every pino redaction path: credentials in headers, and patient data at depth 0 to 2. */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'headers.cookie',
  ...PATIENT_DATA_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]),
];

const SAFE_ID = /^[A-Za-z0-9-]{1,64}$/;
const safeHeader = (req: IncomingMessage, name: string): string | undefined => {
  const value = req.headers[name];
  return typeof value === 'string' && SAFE_ID.test(value) ? value : undefined;
};
/** The path without its query: a search such as `?patient.identifier=…` must not reach the logs. */
const pathOf = (url: string | undefined): string => (url ?? '').split('?')[0];
const quiet = (req: IncomingMessage): boolean => /^\/(health(\/|$)|metrics$)/.test(pathOf(req.url));

/**
 * nestjs-pino settings for a process of the hub: JSON lines on stdout at `LOG_LEVEL`, one line per
 * request carrying X-Request-Id and X-Correlation-Id, nothing of the body, the query or the headers
 * beyond those ids, and probes (`/health`, `/metrics`) not logged at all.
 */
export function logParams(config: HubConfig, app: 'api' | 'worker'): Params {
  return {
    pinoHttp: {
      level: PINO_LEVEL[config.LOG_LEVEL],
      base: { app, pid: process.pid },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      genReqId: (req: IncomingMessage) => safeHeader(req, 'x-request-id') ?? randomUUID(),
      customProps: (req: IncomingMessage) => ({
        requestId: safeHeader(req, 'x-request-id'),
        correlationId: safeHeader(req, 'x-correlation-id'),
      }),
      quietReqLogger: true,
      serializers: {
        req: (req: { id?: unknown; method?: string; url?: string }) => ({ id: req.id, method: req.method, path: pathOf(req.url) }),
        res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
      },
      autoLogging: { ignore: quiet },
      customLogLevel: (_req: IncomingMessage, res: ServerResponse, err?: Error) => (err || res.statusCode >= 500 ? 'error' : 'info'),
      customSuccessMessage: (req: IncomingMessage, res: ServerResponse) => `${req.method} ${pathOf(req.url)} ${res.statusCode}`,
      customErrorMessage: (req: IncomingMessage, res: ServerResponse) => `${req.method} ${pathOf(req.url)} ${res.statusCode}`,
      customErrorObject: withoutInventedError,
    },
  };
}

/**
 * pino-http logs every 5xx with an `err`, inventing `Error('failed with status code 503')` when nothing
 * failed: a refusal the hub chose (503 while Redis is down, with its OperationOutcome) then logged a stack
 * of pino-http's own frames, which an on-call engineer reads as a crash. The invented one is dropped; an
 * error that really happened (a socket error, `res.err`) is kept with its stack.
 */
function withoutInventedError(_req: IncomingMessage, res: ServerResponse, error: Error, logged: Record<string, unknown>): object {
  const invented =
    (res as ServerResponse & { err?: unknown }).err === undefined && error.message === `failed with status code ${res.statusCode}`;
  if (!invented) return logged;
  const { err: _invented, ...rest } = logged;
  return rest;
}
