import { DirectReader, type AppointmentFacts } from '@hub/appointment';
import { HubConfig } from '@hub/config';
import {
  InteractionIds,
  SpineError,
  parseAmendRequest,
  parseBookRequest,
  parseCancelRequest,
  toStu3Appointment,
  ukMidnight,
  ukToday,
} from '@hub/gpconnect';
import { Get, Param, Post, Put, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { gpcBody } from '../gpc-body';
import { gpcContext } from '../gpc-context';
import { GpcController } from '../gpc-controller.decorator';
import { sendStu3 } from '../gpc-response';
import { serviceRoot } from '../gpc-root';
import { GpcAppointmentWrites } from './appointment-writes.service';

const HUB_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** `If-Match: W/"<versionId>"` (GPCONNECT.md §1.5); any other value can match no version. */
const ETAG = /^(?:W\/)?"(\d+)"$/;

/** Book, read, amend and cancel (GPCONNECT.md §3.2–§3.5). */
@GpcController('Appointment')
export class GpcAppointmentController {
  constructor(
    private readonly writes: GpcAppointmentWrites,
    private readonly reader: DirectReader,
    private readonly config: HubConfig,
  ) {}

  @Post()
  async book(@Req() req: Request, @Res() res: Response): Promise<void> {
    const { ods, format } = gpcContext(req);
    const r = parseBookRequest(gpcBody(req));
    const { practitionerId: _p, ...command } = r;
    const facts = await this.writes.write(req, { kind: 'book-slots', ...command });
    const appointment = toStu3Appointment(facts);
    const location = `${serviceRoot(this.config.publicBaseUrl, ods)}/Appointment/${facts.row.id}/_history/${facts.row.versionId}`;
    sendStu3(req, res, 201, appointment, format, {
      versionId: String(facts.row.versionId),
      headers: { Location: location, 'Last-Modified': new Date(facts.row.lastUpdated).toUTCString() },
    });
  }

  @Get(':id')
  async read(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const facts = await this.current(id);
    // "Reading an appointment in the past SHALL return an error" (SPEC read page; code unspecified).
    // Today's appointments count as future (design page).
    const [y, m, d] = ukToday(Date.now());
    if (facts.row.startAt < new Date(ukMidnight(y, m, d)).toISOString())
      throw new SpineError('INVALID_RESOURCE', 'The appointment is in the past');
    sendStu3(req, res, 200, toStu3Appointment(facts), gpcContext(req).format, { versionId: String(facts.row.versionId) });
  }

  /** Amend and cancel share the verb and the path; the interaction ID says which (GPCONNECT.md §1.1). */
  @Put(':id')
  async change(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const { interaction, format } = gpcContext(req);
    const body = gpcBody(req);
    const facts = await this.current(id);
    const ifMatch = ifMatchOf(req.header('if-match'));
    if (ifMatch !== undefined && ifMatch !== facts.row.versionId) {
      throw new SpineError('FHIR_CONSTRAINT_VIOLATION', 'The appointment has changed since the version named in If-Match; read it again');
    }
    const now = toStu3Appointment(facts);
    const guard = { basisVersion: facts.row.versionId, ...(ifMatch !== undefined ? { ifMatch } : {}) };
    const written =
      interaction.id === InteractionIds.cancelAppointment
        ? await this.writes.write(req, { kind: 'cancel-with-reason', appointmentId: id, ...parseCancelRequest(body, id, now), ...guard })
        : await this.writes.write(req, { kind: 'amend-text', appointmentId: id, ...parseAmendRequest(body, id, now), ...guard });
    sendStu3(req, res, 200, toStu3Appointment(written), format, { versionId: String(written.row.versionId) });
  }

  private async current(id: string): Promise<AppointmentFacts> {
    const facts = HUB_ID.test(id) ? await this.reader.facts(id) : undefined;
    if (!facts) throw new SpineError('NO_RECORD_FOUND', 'No appointment with this id');
    return facts;
  }
}

/** The version an `If-Match` names; a value naming none (`W/"invalidEtag"`) is a version that never matches. */
function ifMatchOf(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  const m = ETAG.exec(header.trim());
  return m ? Number(m[1]) : -1;
}
