import type { MessageSummary } from '@hub/inbox';
import { timeline } from './message-admin.service';
import type { JobSummary } from './queue-admin.service';

const row = {
  id: 'a',
  state: 'failed',
  responseStatus: 500,
  attempts: 2,
  receivedAt: '2031-01-06T09:00:00.000Z',
  completedAt: '2031-01-06T09:00:02.000Z',
} as MessageSummary;

const job: JobSummary = {
  id: 'a',
  name: 'appointment.book',
  state: 'failed',
  data: { inboxId: 'a' },
  attemptsMade: 2,
  processedBy: 'host:42',
  enqueuedAt: '2031-01-06T09:00:00.010Z',
  processedAt: '2031-01-06T09:00:01.500Z',
  finishedAt: '2031-01-06T09:00:02.000Z',
};

describe('timeline', () => {
  it('orders received, queued, failed attempts, processing and the answer by time', () => {
    const logs = ['2031-01-06T09:00:01.000Z attempt 1 failed: connection reset', 'not an attempt line'];
    expect(timeline(row, job, logs)).toEqual([
      { at: '2031-01-06T09:00:00.000Z', event: 'received' },
      { at: '2031-01-06T09:00:00.010Z', event: 'queued', detail: 'job a (appointment.book)' },
      { at: '2031-01-06T09:00:01.000Z', event: 'attempt-failed', detail: 'attempt 1 failed: connection reset' },
      { at: '2031-01-06T09:00:01.500Z', event: 'processing', detail: 'attempt 2 by host:42' },
      { at: '2031-01-06T09:00:02.000Z', event: 'answered', detail: 'failed with HTTP 500' },
    ]);
  });

  it('tells what the row alone knows once Redis has dropped the job', () => {
    const waiting = { ...row, state: 'queued', responseStatus: null, completedAt: null } as MessageSummary;
    expect(timeline(waiting, undefined, [])).toEqual([{ at: row.receivedAt, event: 'received' }]);
  });
});
