import { HubConfig } from '@hub/config';
import { RecError } from '@hub/fhir';
import { checkMediaVersions } from '@hub/message';
import { PointerRegistry, parsePointerSearch, searchBundle } from '@hub/pointers';
import { All, Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { sendFhir } from '../http/fhir-response';

/** A FHIR id: what could be one of our pointer ids (`<ODS>-<uuid>`) is looked up, anything else is malformed. */
const FHIR_ID = /^[A-Za-z0-9.-]{1,64}$/;

/**
 * The hub's pointer registry (BARS.md §3, §5): search by patient and read by id, current pointers only.
 * Read-only: pointers change only with the appointments they point at.
 */
@Controller('DocumentReference')
export class DocumentReferenceController {
  constructor(
    private readonly registry: PointerRegistry,
    private readonly config: HubConfig,
  ) {}

  @Get()
  async search(@Query() query: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    checkMediaVersions(req.headers, this.config.supportedCoreMajors);
    const search = parsePointerSearch(query);
    const page = await this.registry.search(search);
    sendFhir(res, 200, searchBundle(page, search, this.config.publicBaseUrl));
  }

  @Get(':id')
  async read(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    checkMediaVersions(req.headers, this.config.supportedCoreMajors);
    if (!FHIR_ID.test(id)) throw RecError.badRequest('value', 'The DocumentReference id is not a valid FHIR id');
    const pointer = await this.registry.read(id);
    if (!pointer) throw RecError.notFound('No current DocumentReference with this id');
    sendFhir(res, 200, pointer);
  }

  @All()
  otherMethodsOnType(): never {
    throw this.readOnly();
  }

  @All(':id')
  otherMethodsOnId(): never {
    throw this.readOnly();
  }

  private readOnly(): RecError {
    return new RecError('REC_METHOD_NOT_ALLOWED', 'not-supported', 'The pointer registry is read-only: only GET is allowed', {
      Allow: 'GET',
    });
  }
}
