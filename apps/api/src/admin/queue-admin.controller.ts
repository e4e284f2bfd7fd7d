import { Controller, Delete, Get, HttpCode, Param, Post, Query, UseGuards, UseInterceptors } from '@nestjs/common';
import { AdminAuditInterceptor } from './admin-audit.interceptor';
import { AdminTokenGuard } from './admin-token.guard';
import { intParam } from './admin-params';
import { QueueAdminService, summarise, type JobSummary, type QueueStatus } from './queue-admin.service';

/**
 * Queue administration. `/admin/queues` itself is the Bull Board UI, so the REST API lives beside it:
 * `/admin/status` for every queue at once, `/admin/queue/:queue/…` for one.
 */
@Controller('admin')
@UseGuards(AdminTokenGuard)
@UseInterceptors(AdminAuditInterceptor)
export class QueueAdminController {
  constructor(private readonly queues: QueueAdminService) {}

  @Get('status')
  async status(): Promise<{ queues: QueueStatus[] }> {
    return { queues: await this.queues.statusAll() };
  }

  @Get('queue/:queue')
  one(@Param('queue') queue: string): Promise<QueueStatus> {
    return this.queues.status(queue);
  }

  @Get('queue/:queue/failed')
  failed(@Param('queue') queue: string, @Query('start') start?: string, @Query('limit') limit?: string): Promise<unknown> {
    return this.queues.failed(queue, intParam('start', start, 0, 0, 1_000_000), intParam('limit', limit, 50, 1, 500));
  }

  @Post('queue/:queue/failed/retry')
  @HttpCode(200)
  async retryAll(@Param('queue') queue: string): Promise<{ retried: number }> {
    return { retried: await this.queues.retryAllFailed(queue) };
  }

  @Get('queue/:queue/jobs/:id')
  async job(@Param('queue') queue: string, @Param('id') id: string): Promise<JobSummary & { logs: string[] }> {
    const { job, state } = await this.queues.job(queue, id);
    const { logs } = await this.queues.queue(queue).getJobLogs(id);
    return { ...summarise(job, state), logs };
  }

  @Post('queue/:queue/jobs/:id/retry')
  @HttpCode(200)
  retry(@Param('queue') queue: string, @Param('id') id: string): Promise<JobSummary> {
    return this.queues.retry(queue, id);
  }

  @Delete('queue/:queue/jobs/:id')
  @HttpCode(204)
  remove(@Param('queue') queue: string, @Param('id') id: string): Promise<void> {
    return this.queues.remove(queue, id);
  }

  @Post('queue/:queue/pause')
  @HttpCode(200)
  pause(@Param('queue') queue: string): Promise<QueueStatus> {
    return this.queues.setPaused(queue, true);
  }

  @Post('queue/:queue/resume')
  @HttpCode(200)
  resume(@Param('queue') queue: string): Promise<QueueStatus> {
    return this.queues.setPaused(queue, false);
  }
}
