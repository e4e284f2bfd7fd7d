import { relative } from 'node:path';
import type { QuickStartToken } from './admin-token';
import { DEMO_SERVICE, type DemoFiles } from './demo';
import { NOW_PLACEHOLDER } from './example-changes';

const rel = (file: string): string => relative(process.cwd(), file);

/** What the quick start prints once it listens: the dashboard, the admin token, and a whole conversation. */
export function quickStartGuide(base: string, token: QuickStartToken, demo: DemoFiles | undefined): string {
  const lines = [`Admin dashboard (queues and jobs): ${base}/admin/queues (sign in with the admin token)`];
  if (token.source === 'generated')
    lines.push(`Admin token, generated now and shown only this once (kept in ${rel(token.file)}): ${token.shown}`);
  else if (token.source === 'stored') lines.push(`Admin token: the one in ${rel(token.file)}`);
  else lines.push('Admin token: ADMIN_TOKEN from the environment');
  if (!demo) return lines.join('\n');

  const target = Buffer.from(JSON.stringify({ system: 'https://fhir.nhs.uk/Id/dos-service-id', value: DEMO_SERVICE })).toString('base64');
  /** `body` is `@file`, or `@-` after a pipe that stamps the change's time into the file. */
  const curl = (pipe: string, body: string): string =>
    [
      `  ${pipe}curl -s -X POST '${base}/$process-message' \\`,
      `    -H 'Content-Type: application/fhir+json' -H "X-Request-Id: $(node -p "crypto.randomUUID()")" \\`,
      `    -H 'X-Correlation-Id: ${demo.correlationId}' -H 'NHSD-Target-Identifier: ${target}' --data-binary ${body}`,
    ].join('\n');
  // Milliseconds, as the hub stamps what it stores: a change stamped to the second, sent within the same
  // second as the rebook it follows, would read as older than it and be refused as stale.
  const stamped = (file: string): string => curl(`sed "s/${NOW_PLACEHOLDER}/$(node -p "new Date().toISOString()")/" ${rel(file)} | `, '@-');
  lines.push(
    'One conversation with the demo service, in the order a sender would send it (the three share one X-Correlation-Id):',
    `1. Book its next free slot:`,
    curl('', `@${rel(demo.booking)}`),
    `2. Rebook that booking to the slot after it (one message; Appointment.meta.lastUpdated is stamped as it is sent):`,
    stamped(demo.rebook),
    `3. Cancel it:`,
    stamped(demo.cancel),
  );
  return lines.join('\n');
}
