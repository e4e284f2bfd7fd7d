export * from './inbound-producer';
export * from './messaging.module';
export * from './queues';
export * from './redis-connection';
export * from './redis-connections';
export * from './reply-waiter';
export * from './worker-queues';
