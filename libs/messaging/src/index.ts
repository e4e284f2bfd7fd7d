export { InboundProducer } from './inbound-producer';
export { MessagingModule, RedisModule } from './messaging.module';
export {
  INBOUND_BACKOFF,
  Queues,
  inboundRetryDelay,
  pointerJobId,
  pointerJobOptions,
  type DirectJobName,
  type InboundJobData,
  type InboundJobName,
  type InboundResult,
  type MessageJobName,
  type PointerJobData,
  type PointerJobName,
  type QueueName,
  type RestJobName,
  type Written,
} from './queues';
export { bullConnection, parseRedisUrl, type RedisTarget } from './redis-connection';
export { RedisConnections } from './redis-connections';
export { ReplyWaiter } from './reply-waiter';
export { allQueues, resolveWorkerQueues } from './worker-queues';
