import { startApiProcess, type ApiProcess } from './support/api-process';
import { startHub, type Hub } from './support/hub';
import { call, recOf, type Answer } from './support/http';
import { barsHeaders } from './support/messages';
import { privateRedis, type PrivateRedis } from './support/private-redis';

const org = (ods: string): string =>
  Buffer.from(
    JSON.stringify({ resourceType: 'Organization', identifier: [{ system: 'https://fhir.nhs.uk/Id/ods-organization-code', value: ods }] }),
  ).toString('base64');

/** RATE_LIMIT_PER_MINUTE is counted in Redis: two api processes on one Redis share each sender's budget. */
describe('the per-sender rate limit across api replicas', () => {
  let redis: PrivateRedis;
  let hub: Hub;
  let second: ApiProcess;
  const get = (baseUrl: string, ods: string): Promise<Answer> =>
    call({ ...hub, baseUrl }, 'GET', '/metadata', { headers: barsHeaders({ 'NHSD-End-User-Organisation': org(ods) }) });
  beforeAll(async () => {
    redis = await privateRedis();
    hub = await startHub({ workers: 0, env: { REDIS_URL: redis.url, RATE_LIMIT_PER_MINUTE: '4' } });
    second = await startApiProcess(hub);
  });
  afterAll(async () => {
    await second?.stop();
    await hub?.stop();
    await redis?.stop();
  });

  it('refuses the fifth request of a minute whichever replica gets it, with Retry-After, for that sender only', async () => {
    const replicas = [hub.baseUrl, second.baseUrl];
    const answers: Answer[] = [];
    for (let i = 0; i < 6; i++) answers.push(await get(replicas[i % 2], 'E5005'));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 429, 429]);
    for (const refused of answers.slice(4)) {
      expect(refused.body.resourceType).toBe('OperationOutcome');
      expect(recOf(refused)).toMatchObject({ code: 'REC_TOO_MANY_REQUESTS', issue: 'throttled' });
      const retryAfter = Number(refused.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(60);
    }
    expect((await get(second.baseUrl, 'F6006')).status).toBe(200);
  });

  it('falls back to a limit per process while Redis is away, never refusing for that', async () => {
    await redis.stop();
    const first = await get(second.baseUrl, 'G7007');
    expect(first.status).toBe(200);
    const statuses = [first.status];
    for (let i = 0; i < 4; i++) statuses.push((await get(second.baseUrl, 'G7007')).status);
    await redis.start(); // before teardown, which drops the hub's keys
    expect(statuses).toEqual([200, 200, 200, 200, 429]);
  });
});
