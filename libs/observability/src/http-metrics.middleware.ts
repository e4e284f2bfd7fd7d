import type { NextFunction, Request, Response } from 'express';
import type { HubMetrics } from './hub-metrics';

/**
 * Times every request by method, the route that matched (`/Appointment/:id`, never the raw path, so the
 * label set stays small) and the status answered.
 */
export function httpMetrics(metrics: HubMetrics): (req: Request, res: Response, next: NextFunction) => void {
  return (req, res, next) => {
    const stop = metrics.httpDuration.startTimer();
    res.once('finish', () => {
      const route = (req.route as { path?: unknown } | undefined)?.path;
      stop({
        method: req.method,
        route: typeof route === 'string' ? `${req.baseUrl}${route}` : 'unmatched',
        status: String(res.statusCode),
      });
    });
    next();
  };
}

/** Where `$process-message` leaves the MessageHeader event it parsed, for the message counter. */
export const MESSAGE_EVENT = 'barsEvent';

/**
 * Counts `$process-message` answers by event and status. The event comes from the parse the request
 * already made (left in `res.locals`), never from parsing the body again; refused before that: `unknown`.
 */
export function messageMetrics(metrics: HubMetrics): (req: Request, res: Response, next: NextFunction) => void {
  return (req, res, next) => {
    res.once('finish', () => {
      const event: unknown = res.locals[MESSAGE_EVENT];
      if (req.method === 'POST')
        metrics.messages.inc({ event: typeof event === 'string' ? event : 'unknown', outcome: String(res.statusCode) });
    });
    next();
  };
}
