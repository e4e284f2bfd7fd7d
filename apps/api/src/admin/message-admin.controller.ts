import { RecError } from '@hub/fhir';
import { Controller, Get, HttpCode, Param, Post, Query, UseGuards, UseInterceptors } from '@nestjs/common';
import { AdminAuditInterceptor } from './admin-audit.interceptor';
import { AdminTokenGuard } from './admin-token.guard';
import { instantParam, intParam, oneOf } from './admin-params';
import { INBOX_STATES, type MessageSummary } from '@hub/inbox';
import { MessageAdminService, type MessageDetail } from './message-admin.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function checkId(id: string): string {
  if (!UUID.test(id)) throw RecError.badRequest('value', 'The message id must be a UUID');
  return id;
}

/** The inbox, for an operator: ids, states, statuses and outcomes; never a message body. */
@Controller('admin/messages')
@UseGuards(AdminTokenGuard)
@UseInterceptors(AdminAuditInterceptor)
export class MessageAdminController {
  constructor(private readonly messages: MessageAdminService) {}

  /** `?requestId=`, `?correlationId=`, `?state=`, `?since=&until=` (instants, on the time received), `?limit=` (≤ 500). */
  @Get()
  async find(
    @Query('requestId') requestId?: string,
    @Query('correlationId') correlationId?: string,
    @Query('state') state?: string,
    @Query('since') since?: string,
    @Query('until') until?: string,
    @Query('limit') limit?: string,
  ): Promise<{ messages: MessageSummary[] }> {
    const messages = await this.messages.find({
      requestId: requestId || undefined,
      correlationId: correlationId || undefined,
      state: oneOf('state', state, INBOX_STATES),
      since: instantParam('since', since),
      until: instantParam('until', until),
      limit: intParam('limit', limit, 100, 1, 500),
    });
    return { messages };
  }

  /** One message with its outcome and timeline, by inbox id (the job id). */
  @Get(':id')
  detail(@Param('id') id: string): Promise<MessageDetail> {
    return this.messages.detail(checkId(id));
  }

  /** Runs again a message that failed with a server error (see docs/operations.md, "Replaying a message"). */
  @Post(':id/replay')
  @HttpCode(200)
  replay(@Param('id') id: string): Promise<MessageDetail> {
    return this.messages.replay(checkId(id));
  }
}
