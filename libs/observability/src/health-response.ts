import { ServiceUnavailableException } from '@nestjs/common';
import type { HealthCheckResult } from '@nestjs/terminus';
import type { Response } from 'express';

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
