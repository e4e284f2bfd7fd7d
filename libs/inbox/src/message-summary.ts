import type { InboxMessage, InboxState } from '@hub/persistence';
import type { FindOptionsSelect } from 'typeorm';

export const INBOX_STATES: readonly InboxState[] = ['queued', 'processing', 'done', 'refused', 'failed'];

/** The columns an admin may see. Never `body` (the Bundle, full of patient data) nor the audit headers. */
const VISIBLE = [
  'id',
  'requestId',
  'correlationId',
  'bundleId',
  'event',
  'reason',
  'jobName',
  'targetService',
  'sourceEndpoint',
  'state',
  'responseStatus',
  'attempts',
  'receivedAt',
  'updatedAt',
  'completedAt',
] as const satisfies readonly (keyof InboxMessage)[];

/** What an administrator may see of an inbox row. */
export type MessageSummary = Pick<InboxMessage, (typeof VISIBLE)[number]>;

/** A summary and the stored answer (ids and an OperationOutcome: no patient data). */
export type MessageSummaryWithResponse = MessageSummary & Pick<InboxMessage, 'response'>;

export const selecting = (...extra: (keyof InboxMessage)[]): FindOptionsSelect<InboxMessage> =>
  Object.fromEntries([...VISIBLE, ...extra].map((k) => [k, true]));

export interface MessageFilter {
  requestId?: string;
  correlationId?: string;
  state?: InboxState;
  since?: string;
  until?: string;
  limit: number;
}

/** What a re-drive needs of a row to enqueue its job again. */
export type QueuedRow = Pick<InboxMessage, 'id' | 'requestId' | 'correlationId' | 'jobName'>;
