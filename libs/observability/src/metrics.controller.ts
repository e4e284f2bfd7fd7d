import { Controller, Get, Res } from '@nestjs/common';
import type { Response } from 'express';
import { HubMetrics } from './hub-metrics';

/** `GET /metrics`: Prometheus text. Unauthenticated, like any scrape target; it holds no patient data. */
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: HubMetrics) {}

  @Get()
  async scrape(@Res() res: Response): Promise<void> {
    const text = await this.metrics.scrape();
    res.status(200).setHeader('Content-Type', this.metrics.registry.contentType);
    res.end(text);
  }
}
