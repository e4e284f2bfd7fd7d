import { DatabaseWriteIndicator, QueueHealthIndicator, infrastructureChecks, sendHealth } from '@hub/observability';
import { Controller, Get, Res } from '@nestjs/common';
import { HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import type { Response } from 'express';
import { InboundMessageProcessor } from '../processors/inbound-message.processor';

/**
 * The worker's probes, on WORKER_HTTP_PORT. `ready` adds to the api's checks that this process is
 * consuming the queues it was told to (it stops being ready as soon as a shutdown begins).
 */
@Controller('health')
export class WorkerHealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly queues: QueueHealthIndicator,
    private readonly writable: DatabaseWriteIndicator,
    private readonly indicator: HealthIndicatorService,
    private readonly inbound: InboundMessageProcessor,
  ) {}

  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  ready(@Res() res: Response): Promise<void> {
    return sendHealth(res, () =>
      this.health.check([
        ...infrastructureChecks(this.db, this.queues, this.writable),
        () => {
          const check = this.indicator.check('consumer');
          const state = this.inbound.consumerState();
          return state === 'not-selected' || state === 'running' ? check.up({ inbound: state }) : check.down({ inbound: state });
        },
      ]),
    );
  }
}
