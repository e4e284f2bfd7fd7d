import type { HubConfig } from '@hub/config';
import { SpineError } from '@hub/gpconnect';
import compression from 'compression';
import { text, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { isGpcPath } from './gpc-root';
import { sendSpineError } from './spine-error.filter';

/**
 * HTTP set-up of the GP Connect service roots, before routing (so before the api's JSON parser):
 * `Cache-Control: no-store` on every response, errors included (GPCONNECT.md §1.4); gzip when the
 * consumer asks (`compression`: the maintained Express middleware, which negotiates `Accept-Encoding`
 * and streams); bodies read as text, parsed as JSON or XML by the handler that wants one.
 */
export function gpcHttp(config: HubConfig): RequestHandler {
  const gzip = compression({ threshold: 0 });
  const body = text({ type: () => true, limit: config.MAX_BODY_BYTES });
  return (req: Request, res: Response, next: NextFunction): void => {
    if (!isGpcPath(req.path)) return next();
    res.setHeader('Cache-Control', 'no-store');
    gzip(req, res, (err?: unknown) => {
      if (err) return next(err);
      body(req, res, (bodyErr?: unknown) => {
        if (!bodyErr) return next();
        const tooLarge = (bodyErr as { type?: string }).type === 'entity.too.large';
        sendSpineError(
          req,
          res,
          new SpineError('BAD_REQUEST', tooLarge ? 'The request body is too large' : 'The request body could not be read'),
        );
      });
    });
  };
}
