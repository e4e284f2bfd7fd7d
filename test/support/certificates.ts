import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestPki {
  dir: string;
  ca: string;
  serverCert: string;
  serverKey: string;
  client: { cert: Buffer; key: Buffer };
  rogue: { cert: Buffer; key: Buffer };
}

const ossl = (dir: string, args: string[]): void => void execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });

/** A self-signed certificate valid for a day: `<name>.key` and `<name>.crt` in `dir`. */
const selfSigned = (dir: string, name: string, subject: string): void =>
  ossl(dir, [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    `${name}.key`,
    '-out',
    `${name}.crt`,
    '-days',
    '1',
    '-subj',
    subject,
  ]);

/** A throwaway CA, a server certificate for 127.0.0.1, a client it signed, and a self-signed rogue client. */
export function makePki(): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'hub-pki-'));
  selfSigned(dir, 'ca', '/CN=Test BaRS CA');
  writeFileSync(join(dir, 'server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  for (const name of ['server', 'client']) {
    ossl(dir, ['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`]);
    const ext = name === 'server' ? ['-extfile', 'server.ext'] : [];
    ossl(dir, [
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      `${name}.crt`,
      '-days',
      '1',
      ...ext,
    ]);
  }
  selfSigned(dir, 'rogue', '/CN=rogue');
  const read = (f: string): Buffer => readFileSync(join(dir, f));
  return {
    dir,
    ca: join(dir, 'ca.crt'),
    serverCert: join(dir, 'server.crt'),
    serverKey: join(dir, 'server.key'),
    client: { cert: read('client.crt'), key: read('client.key') },
    rogue: { cert: read('rogue.crt'), key: read('rogue.key') },
  };
}
