import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import type { Hub } from './hub';
import { waitUntil } from './processes';

export const INBOUND = 'fhir-inbound';

/** The api's own BullMQ queue object (same connection and prefix as the hub). */
export function inboundQueue(hub: Hub): Queue {
  return hub.api.get<Queue>(getQueueToken(INBOUND), { strict: false });
}

/**
 * Jobs a worker cannot process: their inbox rows do not exist, so the handler throws and, with a single
 * attempt, BullMQ fails them at once. Returns their ids once they have all failed.
 */
export async function failedJobs(hub: Hub, n: number): Promise<string[]> {
  const queue = inboundQueue(hub);
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const inboxId = randomUUID();
    await queue.add('appointment.book', { inboxId, requestId: randomUUID(), correlationId: randomUUID() }, { jobId: inboxId, attempts: 1 });
    ids.push(inboxId);
  }
  await waitUntil(async () => (await queue.getFailedCount()) >= n, `${n} failed jobs`);
  return ids;
}
