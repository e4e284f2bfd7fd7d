export type { InboxMessage, InboxState } from '@hub/persistence';
export { InboxModule } from './inbox.module';
export { InboxService, messageDigest, type AcceptOutcome, type ClaimedMessage, type NewInboxMessage } from './inbox.service';
export { INBOX_STATES, type MessageFilter, type MessageSummary, type MessageSummaryWithResponse, type QueuedRow } from './message-summary';
export { storedResult } from './stored-result';
