import { DirectoryReader } from '@hub/appointment';
import { SpineError, toStu3Location } from '@hub/gpconnect';
import { Get, Param, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { GpcController } from './gpc-controller.decorator';
import { sendRead, versioned } from './gpc-directory-answer';

/** Foundations: read a location published through `/admin/availability`. */
@GpcController('Location')
export class GpcLocationController {
  constructor(private readonly directory: DirectoryReader) {}

  @Get(':id')
  async read(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const row = await this.directory.location(id);
    const location = row ? toStu3Location(versioned(row), row.organizationId) : undefined;
    sendRead(req, res, location, () => new SpineError('NO_RECORD_FOUND', 'No location with this id'));
  }
}
