import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, resolve } from 'node:path';

export interface QuickStartToken {
  /** Where the token came from: the environment, the file a previous start wrote, or generated now. */
  source: 'environment' | 'stored' | 'generated';
  /** The token itself, only when generated now: it is printed once, then only its file is named. */
  shown?: string;
  file: string;
}

/**
 * The quick start's admin token, so that a newcomer sees the dashboard without configuring anything:
 * `ADMIN_TOKEN` when set; otherwise the one stored in `data/admin-token` by an earlier start; otherwise a
 * new random one, written there (owner-only) and returned once for printing. Sets `process.env.ADMIN_TOKEN`
 * before the configuration is read. Production processes (api, worker) never do this: unset stays off.
 */
export function ensureQuickStartAdminToken(file = resolve('data/admin-token')): QuickStartToken {
  if (process.env.ADMIN_TOKEN) return { source: 'environment', file };
  if (existsSync(file)) {
    process.env.ADMIN_TOKEN = readFileSync(file, 'utf8').trim();
    return { source: 'stored', file };
  }
  const token = randomBytes(24).toString('base64url');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  process.env.ADMIN_TOKEN = token;
  return { source: 'generated', shown: token, file };
}
