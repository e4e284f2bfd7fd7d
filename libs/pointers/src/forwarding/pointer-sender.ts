import { Systems, sameSystem, type Bundle, type DocumentReference, type OperationOutcome } from '@hub/fhir';
import { Injectable } from '@nestjs/common';
import type { PointerEntity, PointerOperation } from '../entities';
import { NrlClient, NrlUnreachableError, type NrlResponse } from './nrl-client';

/** What became of one attempt at a change: done, worth retrying (timeouts, 408, 429, 5xx), or refused. */
export type SendOutcome =
  | { kind: 'done'; status: number; remoteId?: string }
  | { kind: 'retry'; status?: number; error: string }
  | { kind: 'fail'; status?: number; error: string };

export interface OutgoingChange {
  operation: PointerOperation;
  requestId: string;
  correlationId: string;
  /** An earlier attempt may have reached the NRL (it timed out, or its worker died): read before writing. */
  uncertain: boolean;
  pointer: PointerEntity;
  /** For a supersede: the NRL's id of the pointer replaced. */
  replacedRemoteId: string | null;
}

const ok = (status: number): boolean => status >= 200 && status < 300;
const enc = (system: string, value: string): string => encodeURIComponent(`${system}|${value}`);
const MAX_SEARCH_PAGES = 10;

function failure(what: string, res: NrlResponse): SendOutcome {
  const issue = (res.body as OperationOutcome | undefined)?.issue?.[0];
  const detail = issue?.diagnostics ?? issue?.details?.coding?.[0]?.code;
  const error = `${what} answered ${res.status}${detail ? `: ${String(detail).slice(0, 200)}` : ''}`;
  const transient = res.status === 408 || res.status === 429 || res.status >= 500;
  return { kind: transient ? 'retry' : 'fail', status: res.status, error };
}

/** The NRL id from a `Location` such as `…/DocumentReference/V4T0L-3aeb90b0-…`. */
export function idFromLocation(location: string | null): string | undefined {
  const last = location?.split('?')[0].replace(/\/+$/, '').split('/').pop();
  return last ? decodeURIComponent(last) : undefined;
}

function samePeriod(a: DocumentReference | undefined, b: DocumentReference): boolean {
  const instant = (v: string | undefined): number => (v === undefined ? NaN : Date.parse(v));
  const [pa, pb] = [a?.context?.period, b.context?.period];
  return instant(pa?.start) === instant(pb?.start) && instant(pa?.end) === instant(pb?.end);
}

/**
 * Sends one pointer change to the NRL (BARS.md §5.1/§5.2): POST to create or supersede (keeping the id
 * from `Location`), GET then PUT to update, DELETE to remove. A change whose earlier attempt may have
 * landed is read first, so that a lost answer never makes a second pointer or a second write.
 */
@Injectable()
export class PointerSender {
  constructor(private readonly nrl: NrlClient) {}

  async send(c: OutgoingChange): Promise<SendOutcome> {
    try {
      switch (c.operation) {
        case 'create':
        case 'supersede':
          return await this.create(c);
        case 'update':
          return await this.update(c);
        case 'delete':
          return await this.remove(c);
      }
    } catch (error) {
      if (error instanceof NrlUnreachableError) return { kind: 'retry', error: error.message };
      throw error;
    }
  }

  private async create(c: OutgoingChange): Promise<SendOutcome> {
    if (c.uncertain) {
      const found = await this.findAtNrl(c);
      if (found !== undefined) return found;
    }
    const { id: _local, relatesTo: _localTarget, ...body } = c.pointer.resource;
    const replaces = c.operation === 'supersede' && c.replacedRemoteId !== null ? c.replacedRemoteId : undefined;
    const res = await this.nrl.send({
      method: 'POST',
      path: '/DocumentReference',
      body: {
        ...body,
        ...(replaces === undefined
          ? {}
          : { relatesTo: [{ code: 'replaces', target: { type: 'DocumentReference', identifier: { value: replaces } } }] }),
      },
      requestId: c.requestId,
      correlationId: c.correlationId,
    });
    if (!ok(res.status)) return failure('POST', res);
    const remoteId = idFromLocation(res.location);
    if (remoteId === undefined) return { kind: 'fail', status: res.status, error: 'the NRL created the pointer but sent no Location' };
    return { kind: 'done', status: res.status, remoteId };
  }

  /** "A read operation must be performed prior to this" (BARS.md §3): GET, then PUT only if still needed. */
  private async update(c: OutgoingChange): Promise<SendOutcome> {
    const remoteId = c.pointer.remoteId;
    if (remoteId === null) return { kind: 'fail', error: 'the pointer has no NRL id: its create was never sent' };
    const path = `/DocumentReference/${encodeURIComponent(remoteId)}`;
    const read = await this.nrl.send({ method: 'GET', path, correlationId: c.correlationId });
    if (read.status === 404) return { kind: 'fail', status: 404, error: 'the pointer is no longer at the NRL' };
    if (!ok(read.status)) return failure('GET', read);
    if (samePeriod(read.body as DocumentReference | undefined, c.pointer.resource)) return { kind: 'done', status: read.status };
    const { relatesTo: _creation, ...body } = c.pointer.resource;
    const res = await this.nrl.send({
      method: 'PUT',
      path,
      body: { ...body, id: remoteId },
      requestId: c.requestId,
      correlationId: c.correlationId,
    });
    return ok(res.status) ? { kind: 'done', status: res.status } : failure('PUT', res);
  }

  private async remove(c: OutgoingChange): Promise<SendOutcome> {
    const remoteId = c.pointer.remoteId;
    if (remoteId === null) return { kind: 'fail', error: 'the pointer has no NRL id: its create was never sent' };
    const path = `/DocumentReference/${encodeURIComponent(remoteId)}`;
    if (c.uncertain) {
      const read = await this.nrl.send({ method: 'GET', path, correlationId: c.correlationId });
      if (read.status === 404) return { kind: 'done', status: 404 };
      if (!ok(read.status)) return failure('GET', read);
    }
    const res = await this.nrl.send({ method: 'DELETE', path, requestId: c.requestId, correlationId: c.correlationId });
    // Already gone is what was asked for.
    return ok(res.status) || res.status === 404 ? { kind: 'done', status: res.status } : failure('DELETE', res);
  }

  /** The NRL's pointer for this appointment (by BaRS-Identifier) among the patient's, or undefined if none. */
  private async findAtNrl(c: OutgoingChange): Promise<SendOutcome | undefined> {
    const p = c.pointer;
    let path: string | undefined =
      `/DocumentReference?subject:identifier=${enc(Systems.nhsNumber, p.nhsNumber)}` +
      `&custodian:identifier=${enc(Systems.odsOrganisationCode, p.custodian)}`;
    for (let page = 0; page < MAX_SEARCH_PAGES && path !== undefined; page++) {
      const res = await this.nrl.send({ method: 'GET', path, correlationId: c.correlationId });
      if (res.status === 404) return undefined;
      if (!ok(res.status)) return failure('search', res);
      const bundle = res.body as Bundle<DocumentReference> | undefined;
      const match = bundle?.entry
        ?.map((e) => e.resource)
        .find((r) => r?.identifier?.some((i) => sameSystem(i.system, Systems.barsIdentifier) && i.value === p.appointmentId));
      if (match?.id !== undefined) return { kind: 'done', status: res.status, remoteId: match.id };
      path = bundle?.link?.find((l) => l.relation === 'next')?.url;
    }
    return undefined;
  }
}
