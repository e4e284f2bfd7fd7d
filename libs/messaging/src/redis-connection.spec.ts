import { parseRedisUrl } from './redis-connection';

describe('parseRedisUrl', () => {
  it('passes one Redis through as a URL', () => {
    expect(parseRedisUrl('rediss://:pw@cache:6380/2')).toEqual({ kind: 'single', url: 'rediss://:pw@cache:6380/2' });
  });

  it('reads the seed nodes, credentials and TLS of a cluster', () => {
    expect(parseRedisUrl('rediss+cluster://hub:p%40ss@10.0.0.1:7000,cache-b:7001/')).toEqual({
      kind: 'cluster',
      nodes: [
        { host: '10.0.0.1', port: 7000 },
        { host: 'cache-b', port: 7001 },
      ],
      username: 'hub',
      password: 'p@ss',
      tls: true,
    });
    expect(parseRedisUrl('redis+cluster://:secret@[::1]:7000')).toEqual({
      kind: 'cluster',
      nodes: [{ host: '::1', port: 7000 }],
      username: undefined,
      password: 'secret',
      tls: false,
    });
  });

  it('refuses a cluster URL without host:port pairs', () => {
    expect(() => parseRedisUrl('redis+cluster://cache')).toThrow(/host:port/);
    expect(() => parseRedisUrl('redis+cluster://a:1,,b:2')).toThrow(/host:port/);
  });
});
