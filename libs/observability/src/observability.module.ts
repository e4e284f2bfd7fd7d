import { HubConfig } from '@hub/config';
import { MessagingModule } from '@hub/messaging';
import { type DynamicModule, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { LoggerModule } from 'nestjs-pino';
import { DatabaseWriteIndicator } from './database-write.indicator';
import { HubMetrics } from './hub-metrics';
import { logParams } from './log-options';
import { MetricsController } from './metrics.controller';
import { QueueHealthIndicator } from './queue-health.indicator';

/** Metrics (`GET /metrics`) and the health indicators both processes share. */
@Module({
  imports: [MessagingModule, TerminusModule],
  controllers: [MetricsController],
  providers: [HubMetrics, QueueHealthIndicator, DatabaseWriteIndicator],
  exports: [HubMetrics, QueueHealthIndicator, DatabaseWriteIndicator, TerminusModule],
})
export class ObservabilityModule {
  /** JSON logs through nestjs-pino, for a process root (the api or the worker). */
  static logging(app: 'api' | 'worker'): DynamicModule {
    return LoggerModule.forRootAsync({ inject: [HubConfig], useFactory: (config: HubConfig) => logParams(config, app) });
  }
}
