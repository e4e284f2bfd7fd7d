import { readFileSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import { request } from 'node:https';

export interface HttpsAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  url: string;
}

/**
 * A GET over node:https (fetch cannot present a client certificate): trusts only the test CA `caFile`
 * and presents `client` when given. The answer does not pass the FHIR check of `call`; callers do that.
 */
export function httpsGet(
  url: URL,
  caFile: string,
  headers: Record<string, string>,
  client?: { cert: Buffer; key: Buffer },
): Promise<HttpsAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: url.port, path: url.pathname, method: 'GET', ca: readFileSync(caFile), ...client, headers },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text, url: url.href }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}
