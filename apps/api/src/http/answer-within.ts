import { RecError, outcomeOf } from '@hub/fhir';
import type { NextFunction, Request, Response } from 'express';
import { sendFhir } from './fhir-response';

/** Below the 2 s every endpoint must answer in, with room for the answer itself. */
export const ADMIN_ANSWER_MS = 1800;

/**
 * Answers 503 `transient` (with `Retry-After`) for a request still unanswered after `ms`: the admin API
 * and the Bull Board read Redis and PostgreSQL, whose clients wait for as long as either is away. What
 * the route sends later is dropped. A change the route had already sent on may still happen when the
 * dependency returns, and the answer says so.
 */
export function answerWithin(ms: number, skip: (req: Request) => boolean = () => false) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (skip(req)) return next();
    const timer = setTimeout(() => {
      if (res.headersSent) return;
      const change =
        req.method === 'GET' || req.method === 'HEAD'
          ? ''
          : ' A change already sent on may still be applied when it returns: check before repeating it.';
      const error = new RecError(
        'REC_SERVICE_UNAVAILABLE',
        'transient',
        `Redis or the database did not answer within ${ms} ms; retry later.${change}`,
        { 'Retry-After': '5' },
      );
      for (const [k, v] of Object.entries(error.headers)) res.setHeader(k, v);
      sendFhir(res, error.status, outcomeOf(error));
      // Whatever the route sends later goes nowhere.
      const ignore = (): Response => res;
      Object.assign(res, { setHeader: ignore, writeHead: ignore, status: ignore, write: () => true, end: ignore });
    }, ms);
    const clear = (): void => clearTimeout(timer);
    res.once('finish', clear);
    res.once('close', clear);
    next();
  };
}
