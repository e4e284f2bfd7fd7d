import { validateEnv } from './validate-env';

describe('REDIS_URL naming a Redis Cluster', () => {
  it('takes redis+cluster:// and rediss+cluster:// seed lists, and says so', () => {
    for (const url of ['redis+cluster://10.0.0.1:7000,10.0.0.2:7000', 'rediss+cluster://:secret@cache-a:6380,cache-b:6380']) {
      expect(validateEnv({ REDIS_URL: url }).redisCluster).toBe(true);
    }
    expect(validateEnv({ REDIS_URL: 'redis://cache:6379' }).redisCluster).toBe(false);
    expect(validateEnv({}).redisCluster).toBe(false);
  });

  it('refuses another scheme', () => {
    expect(() => validateEnv({ REDIS_URL: 'cluster://cache:6379' })).toThrow(/REDIS_URL: must be redis:\/\//);
  });

  it.each([
    ['hub', '{hub}'],
    ['{hub}', '{hub}'],
    ['bars:{eu}:', 'bars:{eu}:'],
    // An empty tag `{}` hashes the whole key: not a tag, so the braces are replaced by one around it all.
    ['a{}b', '{ab}'],
    ['a}b{', '{ab}'],
  ])('derives a hash-tagged key prefix from QUEUE_PREFIX %s on a cluster: %s', (prefix, expected) => {
    expect(validateEnv({ REDIS_URL: 'redis+cluster://c:7000', QUEUE_PREFIX: prefix }).queuePrefix).toBe(expected);
  });

  it('leaves QUEUE_PREFIX as it is on a single Redis', () => {
    expect(validateEnv({ REDIS_URL: 'redis://c:6379', QUEUE_PREFIX: 'hub' }).queuePrefix).toBe('hub');
  });
});
