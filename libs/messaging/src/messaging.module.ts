import { HubConfig } from '@hub/config';
import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { InboundProducer } from './inbound-producer';
import { Queues, inboundJobOptions } from './queues';
import { bullConnection } from './redis-connection';

/** BullMQ connection (from `REDIS_URL`, keys under `QUEUE_PREFIX`) and the inbound queue with its policy. */
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [HubConfig],
      useFactory: (config: HubConfig) => {
        if (config.REDIS_URL === undefined) throw new Error('REDIS_URL is required (only the standalone process embeds Redis)');
        return { connection: bullConnection(config.REDIS_URL), prefix: config.QUEUE_PREFIX };
      },
    }),
    // Every queue in every process: producers, consumers and the dashboards all name them.
    BullModule.registerQueue({ name: Queues.inbound, defaultJobOptions: inboundJobOptions }, { name: Queues.pointers }),
  ],
  providers: [InboundProducer],
  exports: [BullModule, InboundProducer],
})
export class MessagingModule {}
