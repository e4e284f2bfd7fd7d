import type { HubConfig } from '@hub/config';
import type { NextFunction, Request, Response } from 'express';
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export const BOARD_ROUTE = '/admin/queues';
const COOKIE = 'hub_admin';
const SESSION_SECONDS = 8 * 3600;
const MAX_FORM_BYTES = 4096;

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();
const same = (a: string, b: Buffer): boolean => timingSafeEqual(digest(a), b);

function cookieOf(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return undefined;
}

/** Past this, a login form is not read any further: the connection is closed once 413 is answered. */
const MAX_DRAIN_BYTES = 1024 * 1024;

/** The login form, or `undefined` when it is larger than any login form (answered 413, not a reset). */
function readForm(req: Request): Promise<URLSearchParams | undefined> {
  return new Promise((resolve, reject) => {
    let body = '';
    let size = 0;
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      size += chunk.length;
      if (size <= MAX_FORM_BYTES) body += chunk;
      else if (size > MAX_DRAIN_BYTES) resolve(undefined);
    });
    req.on('end', () => resolve(size > MAX_FORM_BYTES ? undefined : new URLSearchParams(body)));
    req.on('error', reject);
  });
}

const page = (message: string): string => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>BaRS hub queues: sign in</title></head>
<body style="font-family: sans-serif; max-width: 28rem; margin: 4rem auto">
<h1>BaRS hub queues</h1><p>${message}</p>
<form method="post" action="${BOARD_ROUTE}/login">
<label>Admin token <input type="password" name="token" autocomplete="current-password" autofocus required></label>
<button type="submit">Sign in</button></form></body></html>`;

/**
 * Guards Bull Board, which a browser cannot send a bearer header to. The admin posts ADMIN_TOKEN once
 * to `/admin/queues/login` (a form, so the token never sits in a URL or an access log) and gets an
 * HttpOnly, SameSite=Strict cookie scoped to `/admin/queues` holding an HMAC of the token, never the
 * token itself; changing ADMIN_TOKEN signs everyone out. `Authorization: Bearer <token>` works too,
 * for scripts. With no ADMIN_TOKEN the board is off, like the rest of /admin.
 */
export function boardAuth(config: HubConfig): (req: Request, res: Response, next: NextFunction) => void {
  const token = config.ADMIN_TOKEN;
  const expected = token === undefined ? undefined : digest(token);
  const session = token === undefined ? '' : createHmac('sha256', token).update('bull-board-session').digest('hex');
  const sessionDigest = digest(session);

  const signIn = async (req: Request, res: Response): Promise<void> => {
    const form = await readForm(req);
    if (form === undefined) {
      res.setHeader('Connection', 'close');
      res.status(413).type('html').send(page('That form is larger than a sign-in form can be.'));
      return;
    }
    if (expected === undefined || !same(form.get('token') ?? '', expected)) {
      res.status(401).type('html').send(page('That token is not right.'));
      return;
    }
    const secure = req.secure ? '; Secure' : '';
    res.setHeader(
      'Set-Cookie',
      `${COOKIE}=${session}; Path=${BOARD_ROUTE}; HttpOnly; SameSite=Strict; Max-Age=${SESSION_SECONDS}${secure}`,
    );
    res.redirect(303, `${BOARD_ROUTE}/`);
  };

  return (req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    if (expected === undefined) {
      res.status(403).type('text').send('Administration is disabled on this hub (no ADMIN_TOKEN is configured)');
      return;
    }
    if (req.method === 'POST' && req.path === '/login') {
      signIn(req, res).catch(next);
      return;
    }
    const bearer = /^Bearer\s+(.+)$/i.exec((req.headers.authorization ?? '').trim())?.[1];
    const cookie = cookieOf(req, COOKIE);
    if ((bearer !== undefined && same(bearer, expected)) || (cookie !== undefined && same(cookie, sessionDigest))) {
      next();
      return;
    }
    res.status(401).type('html').send(page('Sign in with the hub’s admin token.'));
  };
}
