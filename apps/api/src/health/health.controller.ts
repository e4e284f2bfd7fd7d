import { DatabaseWriteIndicator, QueueHealthIndicator, infrastructureChecks, sendHealth } from '@hub/observability';
import { Controller, Get, Res } from '@nestjs/common';
import { HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import type { Response } from 'express';

/**
 * Probes. `live`: the process serves HTTP (restart it if not). `ready`: it can do its job now, i.e. the
 * database answers and can be written, Redis and the queues answer (take it out of the load balancer if not).
 */
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly queues: QueueHealthIndicator,
    private readonly writable: DatabaseWriteIndicator,
  ) {}

  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  ready(@Res() res: Response): Promise<void> {
    return sendHealth(res, () => this.health.check(infrastructureChecks(this.db, this.queues, this.writable)));
  }
}
