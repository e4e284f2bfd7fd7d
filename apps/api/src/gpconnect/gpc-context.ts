import type { FhirFormat, GpcClaims, Interaction } from '@hub/gpconnect';
import type { Request } from 'express';

/** What the guard established about a GP Connect request, for its handler. */
export interface GpcContext {
  ods: string;
  interaction: Interaction;
  claims: GpcClaims;
  format: FhirFormat;
}

const KEY = Symbol('gpconnect');

export function setGpcContext(req: Request, ctx: GpcContext): void {
  (req as unknown as Record<symbol, GpcContext>)[KEY] = ctx;
}

/** The request's context; only handlers behind `GpcRequestGuard` call this. */
export function gpcContext(req: Request): GpcContext {
  const ctx = (req as unknown as Record<symbol, GpcContext | undefined>)[KEY];
  if (!ctx) throw new Error('GP Connect request without a guard context');
  return ctx;
}
