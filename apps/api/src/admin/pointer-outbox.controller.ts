import { RecError } from '@hub/fhir';
import { PointerOutbox, type OutboxState } from '@hub/pointers';
import { Controller, Get, HttpCode, Param, Post, Query, UseGuards, UseInterceptors } from '@nestjs/common';
import { AdminAuditInterceptor } from './admin-audit.interceptor';
import { AdminTokenGuard } from './admin-token.guard';

const STATES: OutboxState[] = ['pending', 'queued', 'sending', 'done', 'failed', 'skipped'];

/**
 * The pointer outbox for operators: what is waiting or failed and why (ids, states and errors; no patient
 * data), and a retry for a change that failed. A retried change is sent again by the workers' relay,
 * followed by the changes of its chain that it held back.
 */
@Controller('admin/pointer-outbox')
@UseGuards(AdminTokenGuard)
@UseInterceptors(AdminAuditInterceptor)
export class PointerOutboxController {
  constructor(private readonly outbox: PointerOutbox) {}

  @Get()
  async list(@Query('state') state: unknown): Promise<{ state: OutboxState; rows: unknown[] }> {
    const wanted = state === undefined ? 'failed' : state;
    if (typeof wanted !== 'string' || !STATES.includes(wanted as OutboxState)) {
      throw RecError.badRequest('value', `state must be one of ${STATES.join(', ')}`);
    }
    return { state: wanted as OutboxState, rows: await this.outbox.list(wanted as OutboxState) };
  }

  @Post(':id/retry')
  @HttpCode(202)
  async retry(@Param('id') id: string): Promise<{ id: number; state: 'pending' }> {
    if (!/^\d{1,10}$/.test(id)) throw RecError.badRequest('value', 'The outbox id is a number');
    if (!(await this.outbox.retry(Number(id)))) throw RecError.conflict('Only a failed pointer change can be retried');
    return { id: Number(id), state: 'pending' };
  }
}
