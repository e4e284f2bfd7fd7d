import { RecError } from '@hub/fhir';
import { MESSAGE_EVENT } from '@hub/observability';
import { All, Controller, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { sendFhir } from '../http/fhir-response';
import { ProcessMessageService } from './process-message.service';

@Controller()
export class ProcessMessageController {
  constructor(private readonly service: ProcessMessageService) {}

  @Post('$process-message')
  async processMessage(@Req() req: Request, @Res() res: Response): Promise<void> {
    const reply = await this.service.process(req.headers, req.body);
    res.locals[MESSAGE_EVENT] = reply.event;
    for (const [name, value] of Object.entries(reply.headers)) res.setHeader(name, value);
    sendFhir(res, reply.status, reply.body);
  }

  /** BaRS: "Only POST is allowed"; other verbs get 405 with `Allow: POST`. */
  @All('$process-message')
  otherMethods(): never {
    throw new RecError('REC_METHOD_NOT_ALLOWED', 'not-supported', 'Only POST is allowed on $process-message', { Allow: 'POST' });
  }
}
