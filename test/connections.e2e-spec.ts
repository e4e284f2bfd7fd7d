import { Agent, request } from 'node:http';
import { startHub, type Hub } from './support/hub';

interface Reply {
  status: number;
  keepAlive: string;
  reusedSocket: boolean;
}

function get(agent: Agent, url: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent }, (res) => {
      res.resume();
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, keepAlive: String(res.headers['keep-alive']), reusedSocket: req.reusedSocket }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

/**
 * A sender's HTTP client keeps connections for reuse. If the api closed an idle connection first (Node's
 * default: after 5 s), a request written on it at that moment would be reset unanswered; CI saw exactly
 * that. The api holds idle connections longer than clients do (HTTP_KEEP_ALIVE_MS), so they close first.
 */
describe('connections a sender keeps open', () => {
  let hub: Hub;
  beforeAll(async () => {
    hub = await startHub({ workers: 0 });
  });
  afterAll(() => hub?.stop());

  it('are kept open past Node’s 5 s default and answered when reused, and the hint says for how long', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const first = await get(agent, `${hub.baseUrl}/metadata`);
      expect(first).toMatchObject({ status: 200, keepAlive: 'timeout=65', reusedSocket: false });
      await new Promise((r) => setTimeout(r, 6000));
      const second = await get(agent, `${hub.baseUrl}/metadata`);
      expect(second).toMatchObject({ status: 200, reusedSocket: true });
    } finally {
      agent.destroy();
    }
  });
});
