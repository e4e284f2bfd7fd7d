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

const EVENT = /^[a-z][a-z-]{0,39}$/;

/** The MessageHeader event code of a message body, or `unknown`, for the message counter's label. */
export function eventOf(body: unknown): string {
  if (typeof body !== 'string') return 'unknown';
  try {
    const bundle = JSON.parse(body) as { entry?: Array<{ resource?: { resourceType?: string; eventCoding?: { code?: unknown } } }> };
    const header = bundle?.entry?.[0]?.resource;
    const code = header?.resourceType === 'MessageHeader' ? header.eventCoding?.code : undefined;
    return typeof code === 'string' && EVENT.test(code) ? code : 'unknown';
  } catch {
    return 'unknown';
  }
}

/** Counts `$process-message` answers by event and status; mounted after the body is read as text. */
export function messageMetrics(metrics: HubMetrics): (req: Request, res: Response, next: NextFunction) => void {
  return (req, res, next) => {
    res.once('finish', () => {
      if (req.method === 'POST') metrics.messages.inc({ event: eventOf(req.body), outcome: String(res.statusCode) });
    });
    next();
  };
}
