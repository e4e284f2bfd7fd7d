import { ServiceUnavailableException } from '@nestjs/common';
import type { HealthCheckResult, HealthIndicatorFunction, TypeOrmHealthIndicator } from '@nestjs/terminus';
import type { Response } from 'express';
import type { DatabaseWriteIndicator } from './database-write.indicator';
import type { QueueHealthIndicator } from './queue-health.indicator';

/**
 * Sends a terminus check's result: 200 when every check is up, 503 with the same body when one is down.
 * Sent directly, so the api's OperationOutcome filter (for FHIR clients) does not reshape it for probes.
 */
export async function sendHealth(res: Response, check: () => Promise<HealthCheckResult>): Promise<void> {
  try {
    res.status(200).json(await check());
  } catch (e) {
    if (!(e instanceof ServiceUnavailableException)) throw e;
    res.status(503).json(e.getResponse());
  }
}

/**
 * The checks every process's readiness starts with: the database answers (and, given `writable`, can be
 * written), Redis answers, the queues can be reached. Each process adds its own (the worker: that it is
 * consuming).
 */
export function infrastructureChecks(
  db: TypeOrmHealthIndicator,
  queues: QueueHealthIndicator,
  writable?: DatabaseWriteIndicator,
): HealthIndicatorFunction[] {
  return [
    () => db.pingCheck('database', { timeout: 1500 }),
    ...(writable ? [() => writable.check('databaseWritable')] : []),
    () => queues.redis('redis'),
    () => queues.queuesReachable('queues'),
  ];
}
