import type { NextFunction, Request, Response } from 'express';

const SAFE = /^[A-Za-z0-9-]{1,64}$/;

/**
 * Echoes `X-Request-Id` and `X-Correlation-Id` on every response, errors included: BaRS senders retry
 * when the echo is missing (Sender-responsibilities page).
 */
export function echoBarsHeaders(req: Request, res: Response, next: NextFunction): void {
  for (const name of ['X-Request-Id', 'X-Correlation-Id']) {
    const value = req.header(name);
    if (value !== undefined && SAFE.test(value)) res.setHeader(name, value);
  }
  next();
}
