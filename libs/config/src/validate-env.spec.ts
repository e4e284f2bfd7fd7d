import { HubConfig } from './hub-config';
import { ConfigError, validateEnv } from './validate-env';

function configError(env: Record<string, unknown>): ConfigError {
  try {
    validateEnv(env);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return e as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

const DEFAULTS = {
  PORT: 3000,
  DATABASE_URL: 'sqlite:data/hub.sqlite',
  DATABASE_POOL_SIZE: 10,
  QUEUE_PREFIX: 'hub',
  HUB_ODS_CODE: 'HUB01',
  REPLY_TIMEOUT_MS: 4000,
  WORKER_CONCURRENCY: 8,
  WORKER_QUEUES: '*',
  WORKER_HTTP_PORT: 3001,
  MIGRATIONS_RUN: true,
  LOG_LEVEL: 'log',
};

describe('validateEnv', () => {
  it('falls back to the quick-start defaults', () => {
    const config = validateEnv({});
    expect(config).toBeInstanceOf(HubConfig);
    expect(config).toMatchObject(DEFAULTS);
    expect(config.REDIS_URL).toBeUndefined();
    expect(config.ADMIN_TOKEN).toBeUndefined();
    expect(config.PUBLIC_BASE_URL).toBeUndefined();
    expect(config.publicBaseUrl).toBe('http://localhost:3000');
  });

  it('treats empty strings as unset', () => {
    const blank = Object.fromEntries([...Object.keys(DEFAULTS), 'REDIS_URL', 'ADMIN_TOKEN', 'PUBLIC_BASE_URL'].map((key) => [key, '']));
    const config = validateEnv(blank);
    expect(config).toMatchObject(DEFAULTS);
    expect(config.ADMIN_TOKEN).toBeUndefined();
    expect(config.REDIS_URL).toBeUndefined();
    expect(config.publicBaseUrl).toBe('http://localhost:3000');
  });

  it('reads and converts every setting', () => {
    const config = validateEnv({
      PORT: '8080',
      DATABASE_URL: 'postgres://hub@db:5432/hub',
      DATABASE_POOL_SIZE: '25',
      REDIS_URL: 'rediss://cache:6380',
      QUEUE_PREFIX: '{hub}',
      ADMIN_TOKEN: 'a-long-enough-admin-token',
      HUB_ODS_CODE: 'X26',
      PUBLIC_BASE_URL: 'https://hub.example.nhs.uk',
      REPLY_TIMEOUT_MS: '2500',
      WORKER_CONCURRENCY: '16',
      WORKER_QUEUES: 'fhir-inbound, other-queue',
      WORKER_HTTP_PORT: '0',
      MIGRATIONS_RUN: 'false',
      LOG_LEVEL: 'debug',
      UNRELATED: 'ignored',
    });
    expect(config).toMatchObject({
      PORT: 8080,
      DATABASE_URL: 'postgres://hub@db:5432/hub',
      DATABASE_POOL_SIZE: 25,
      REDIS_URL: 'rediss://cache:6380',
      QUEUE_PREFIX: '{hub}',
      ADMIN_TOKEN: 'a-long-enough-admin-token',
      HUB_ODS_CODE: 'X26',
      REPLY_TIMEOUT_MS: 2500,
      WORKER_CONCURRENCY: 16,
      WORKER_QUEUES: 'fhir-inbound, other-queue',
      WORKER_HTTP_PORT: 0,
      MIGRATIONS_RUN: false,
      LOG_LEVEL: 'debug',
    });
    expect(config.publicBaseUrl).toBe('https://hub.example.nhs.uk');
    expect(config).not.toHaveProperty('UNRELATED');
  });

  it.each([
    ['true', true],
    ['1', true],
    ['YES', true],
    ['on', true],
    ['false', false],
    ['0', false],
    ['off', false],
  ])('reads MIGRATIONS_RUN=%s as %p', (value, expected) => {
    expect(validateEnv({ MIGRATIONS_RUN: value }).MIGRATIONS_RUN).toBe(expected);
  });

  it.each([
    ['PORT', 'http'],
    ['PORT', '65536'],
    ['PORT', '80.5'],
    ['PORT', ' '],
    ['PORT', '0x50'],
    ['MIGRATIONS_RUN', 'ture'],
    ['DATABASE_URL', 'mysql://hub@db/hub'],
    ['DATABASE_POOL_SIZE', '0'],
    ['DATABASE_POOL_SIZE', '201'],
    ['REDIS_URL', 'http://cache:6379'],
    ['QUEUE_PREFIX', 'hub prefix'],
    ['ADMIN_TOKEN', 'too-short'],
    ['HUB_ODS_CODE', 'hub01'],
    ['HUB_ODS_CODE', 'AB'],
    ['PUBLIC_BASE_URL', 'https://hub.example/'],
    ['PUBLIC_BASE_URL', 'hub.example'],
    ['REPLY_TIMEOUT_MS', '49'],
    ['REPLY_TIMEOUT_MS', '30001'],
    ['WORKER_CONCURRENCY', '0'],
    ['WORKER_QUEUES', 'fhir-inbound,'],
    ['WORKER_QUEUES', 'Fhir Inbound'],
    ['WORKER_QUEUES', '*,fhir-inbound'],
    ['WORKER_HTTP_PORT', '-1'],
    ['WORKER_HTTP_PORT', '65536'],
    ['LOG_LEVEL', 'chatty'],
  ])('rejects %s=%p and names only that key', (key, value) => {
    const e = configError({ [key]: value });
    expect(e.problems).toHaveLength(1);
    expect(e.problems[0].startsWith(`${key}: `)).toBe(true);
    expect(e.message).toBe(`Invalid configuration:\n  - ${e.problems[0]}`);
  });

  it('reports every bad key in one error', () => {
    const e = configError({
      PORT: 'eighty',
      DATABASE_POOL_SIZE: '0',
      HUB_ODS_CODE: 'hub',
      LOG_LEVEL: 'chatty',
      REDIS_URL: 'http://cache',
      ADMIN_TOKEN: 'short',
      QUEUE_PREFIX: 'fine',
    });
    expect(e.name).toBe('ConfigError');
    expect(e.problems.map((p) => p.split(':')[0]).sort()).toEqual(
      ['ADMIN_TOKEN', 'DATABASE_POOL_SIZE', 'HUB_ODS_CODE', 'LOG_LEVEL', 'PORT', 'REDIS_URL'].sort(),
    );
    for (const key of ['PORT', 'DATABASE_POOL_SIZE', 'HUB_ODS_CODE', 'LOG_LEVEL', 'REDIS_URL', 'ADMIN_TOKEN']) {
      expect(e.message).toContain(`\n  - ${key}: `);
    }
    expect(e.message).not.toContain('QUEUE_PREFIX');
  });

  it('shows the value of an ordinary bad key', () => {
    const [problem] = configError({ HUB_ODS_CODE: 'hub' }).problems;
    expect(problem).toBe('HUB_ODS_CODE: must be an ODS code (3-10 upper-case letters or digits) (got "hub")');
  });

  it.each([
    ['ADMIN_TOKEN', 'sekrit-token-x'],
    ['REDIS_URL', 'http://:redis-password@cache'],
    ['DATABASE_URL', 'mysql://hub:db-password@db/hub'],
  ])('never prints the value of %s', (key, value) => {
    const e = configError({ [key]: value, LOG_LEVEL: 'chatty' });
    expect(e.problems).toHaveLength(2);
    expect(e.message).toContain(`${key}: `);
    expect(e.message).not.toContain(value);
    expect(e.message).not.toMatch(/password|sekrit/);
    expect(JSON.stringify(e.problems)).not.toContain(value);
  });

  it('prints the ADMIN_TOKEN rule without the token', () => {
    expect(configError({ ADMIN_TOKEN: 'abc' }).problems).toEqual(['ADMIN_TOKEN: must be at least 16 characters']);
  });
});
