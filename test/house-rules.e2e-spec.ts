import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from './support/paths';

/**
 * The house rules are lint rules (eslint/boundaries.mjs, eslint/transaction-manager.mjs): this proves they
 * still fire. ESLint reads the probe from stdin in place of an existing file of libs/inbox, so nothing
 * is written to the tree; one run, because a type-aware lint of one file costs the whole program.
 */
const PROBE = `
import { AppointmentModule } from '@hub/appointment';
import { SlotEntity } from '@hub/persistence';
import type { DataSource, EntityManager } from 'typeorm';

export class Probe {
  constructor(private readonly db: DataSource) {}

  async inside(m: EntityManager): Promise<unknown> {
    await this.db.query('SELECT 1');
    return m.query(\`UPDATE pointer_outbox SET state = 'done'\`);
  }
}

export const used = [AppointmentModule, SlotEntity];
`;

interface LintMessage {
  ruleId: string | null;
  message: string;
  line: number;
}

async function lintAs(file: string, source: string): Promise<LintMessage[]> {
  const eslint = resolve(repoRoot, 'node_modules/eslint/bin/eslint.js');
  const run = promisify(execFile)(process.execPath, [eslint, '--stdin', '--stdin-filename', file, '--format', 'json'], {
    cwd: repoRoot,
    maxBuffer: 10 * 1024 * 1024,
  });
  run.child.stdin?.end(source);
  // ESLint exits 1 when it finds problems; the report is on stdout either way.
  const { stdout } = await run.catch((e: { stdout?: string }) => ({ stdout: e.stdout ?? '' }));
  return (JSON.parse(stdout) as Array<{ messages: LintMessage[] }>)[0].messages;
}

describe('the house rules fail npm run lint', () => {
  it('on an upward import, another owner’s entity or table, and a query beside a transaction’s manager', async () => {
    const found = (await lintAs('libs/inbox/src/inbox.module.ts', PROBE)).map((m) => [m.line, m.ruleId, m.message]);
    expect(found).toEqual([
      [2, 'no-restricted-imports', expect.stringContaining('@hub/appointment is in a higher layer than @hub/inbox')],
      [3, 'no-restricted-imports', expect.stringContaining('Each table has one owner')],
      [10, 'hub/transaction-manager', expect.stringContaining('`this.db` is a DataSource outside the transaction')],
      [11, 'no-restricted-syntax', expect.stringContaining('Only libs/pointers queries its tables')],
    ]);
  }, 240_000);
});
