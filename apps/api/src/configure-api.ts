import { HubConfig } from '@hub/config';
import { HubMetrics, httpMetrics, messageMetrics } from '@hub/observability';
import { runMigrations } from '@hub/persistence';
import type { INestApplication } from '@nestjs/common';
import { json, text } from 'express';
import helmet from 'helmet';
import { readFileSync } from 'node:fs';
import type { HttpsOptions } from '@nestjs/common/interfaces/external/https-options.interface';
import { DataSource } from 'typeorm';
import { gpcHttp } from './gpconnect/gpc-http';
import { echoBarsHeaders } from './http/bars-headers.middleware';
import { ADMIN_ANSWER_MS, answerWithin } from './http/answer-within';
import { edgeGuard, safeJsonBody } from './http/edge-guard';

/** JSON media types the api parses; BaRS senders use `application/fhir+json`, often with `;version=`. */
const JSON_TYPES = ['application/json', 'application/fhir+json', 'application/*+json'];

/**
 * HTTP set-up shared by the api process, the standalone process and the tests. Applies pending
 * migrations when `MIGRATIONS_RUN` is on: the api is the one place migrations run.
 */
export async function configureApi(app: INestApplication, opts: { shutdownHooks?: boolean } = {}): Promise<void> {
  const config = app.get(HubConfig);
  // Security headers on every response (a JSON API: no content is meant to be framed or sniffed).
  app.use(helmet());
  const metrics = app.get(HubMetrics);
  app.use(echoBarsHeaders);
  app.use(httpMetrics(metrics));
  // Hostile bytes and shapes are refused here, before any route reads them (docs/reliability.md).
  app.use(edgeGuard);
  // The admin API and the Bull Board answer within 2 s with Redis or PostgreSQL away (a publish excepted:
  // it is a large write whose outcome a timeout would hide).
  app.use(
    '/admin',
    answerWithin(ADMIN_ANSWER_MS, (req) => req.method === 'POST' && req.path === '/availability'),
  );
  // Messages are read as text and parsed after the BaRS header checks (spec order), and stored as received.
  app.use('/$process-message', text({ type: () => true, limit: config.MAX_BODY_BYTES }), messageMetrics(metrics));
  // The GP Connect roots read their own bodies (JSON or XML) and set their own caching and gzip.
  app.use(gpcHttp(config));
  app.use(json({ type: JSON_TYPES, limit: config.MAX_BODY_BYTES }), safeJsonBody);
  if (opts.shutdownHooks !== false) app.enableShutdownHooks();
  if (config.MIGRATIONS_RUN) await runMigrations(app.get(DataSource));
}

/**
 * Mutual TLS when TLS_CERT, TLS_KEY and TLS_CA are all set. The handshake accepts any client so that a
 * request without a trusted certificate still gets an HTTP answer (403 REC_FORBIDDEN, SenderAccessGuard).
 */
export function httpsOptions(config: HubConfig): HttpsOptions | undefined {
  if (!config.TLS_CERT || !config.TLS_KEY || !config.TLS_CA) return undefined;
  return {
    cert: readFileSync(config.TLS_CERT),
    key: readFileSync(config.TLS_KEY),
    ca: readFileSync(config.TLS_CA),
    requestCert: true,
    rejectUnauthorized: false,
  };
}
