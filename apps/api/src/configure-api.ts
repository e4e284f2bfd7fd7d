import { HubConfig } from '@hub/config';
import { HubMetrics, httpMetrics, messageMetrics } from '@hub/observability';
import { runMigrations } from '@hub/persistence';
import type { INestApplication } from '@nestjs/common';
import { json, text } from 'express';
import { DataSource } from 'typeorm';
import { echoBarsHeaders } from './http/bars-headers.middleware';

/** JSON media types the api parses; BaRS senders use `application/fhir+json`, often with `;version=`. */
const JSON_TYPES = ['application/json', 'application/fhir+json', 'application/*+json'];

/**
 * HTTP set-up shared by the api process, the standalone process and the tests. Applies pending
 * migrations when `MIGRATIONS_RUN` is on: the api is the one place migrations run.
 */
export async function configureApi(app: INestApplication, opts: { shutdownHooks?: boolean } = {}): Promise<void> {
  const config = app.get(HubConfig);
  const metrics = app.get(HubMetrics);
  app.use(echoBarsHeaders);
  app.use(httpMetrics(metrics));
  // Messages are read as text and parsed after the BaRS header checks (spec order), and stored as received.
  app.use('/$process-message', text({ type: () => true, limit: '1mb' }), messageMetrics(metrics));
  app.use(json({ type: JSON_TYPES, limit: '1mb' }));
  if (opts.shutdownHooks !== false) app.enableShutdownHooks();
  if (config.MIGRATIONS_RUN) await runMigrations(app.get(DataSource));
}
