import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { HubConfig } from '@hub/config';
import { InboundProducer } from './inbound-producer';
import { Queues, inboundJobOptions } from './queues';
import { RedisConnections } from './redis-connections';

/** The process's Redis connections, one instance however many modules import it. */
@Module({ providers: [RedisConnections], exports: [RedisConnections] })
export class RedisModule {}

/**
 * BullMQ connection (from `REDIS_URL`, a single Redis or a cluster; keys under the hash-tagged
 * `QUEUE_PREFIX` on a cluster) and the inbound queue with its policy.
 */
@Module({
  imports: [
    RedisModule,
    BullModule.forRootAsync({
      imports: [RedisModule],
      inject: [HubConfig, RedisConnections],
      useFactory: (config: HubConfig, redis: RedisConnections) => ({ connection: redis.bull(), prefix: config.queuePrefix }),
    }),
    // Every queue in every process: producers, consumers and the dashboards all name them.
    BullModule.registerQueue({ name: Queues.inbound, defaultJobOptions: inboundJobOptions }, { name: Queues.pointers }),
  ],
  providers: [InboundProducer],
  exports: [BullModule, InboundProducer, RedisModule],
})
export class MessagingModule {}
