export { InboundProducer } from './inbound-producer';
export { MessagingModule, RedisModule } from './messaging.module';
export {
  Queues,
  pointerJobId,
  pointerJobOptions,
  type InboundJobData,
  type InboundJobName,
  type InboundJobResult,
  type MessageJobName,
  type PointerJobData,
  type PointerJobName,
  type QueueName,
  type RestJobName,
} from './queues';
export { bullConnection, parseRedisUrl, type RedisTarget } from './redis-connection';
export { RedisConnections } from './redis-connections';
export { ReplyWaiter } from './reply-waiter';
export { allQueues, resolveWorkerQueues } from './worker-queues';
