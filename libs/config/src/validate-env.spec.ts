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
  POINTER_PRACTICE_SETTING: '394802001',
  NRL_TIMEOUT_MS: 10000,
  NRL_ATTEMPTS: 10,
  NRL_BACKOFF_MS: 1000,
  NRL_CONCURRENCY: 4,
  NRL_LEASE_MS: 30000,
  POINTER_RELAY_INTERVAL_MS: 1000,
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
    expect(config.NRL_BASE_URL).toBeUndefined();
    expect(config.POINTER_PRODUCT_ID).toBeUndefined();
    expect(config.forwardsPointers).toBe(false);
  });

  it('treats empty strings as unset', () => {
    const optional = ['REDIS_URL', 'ADMIN_TOKEN', 'PUBLIC_BASE_URL', 'NRL_BASE_URL', 'POINTER_PRODUCT_ID'];
    const blank = Object.fromEntries([...Object.keys(DEFAULTS), ...optional].map((key) => [key, '']));
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
    ['POINTER_PRACTICE_SETTING', 'general medicine'],
    ['POINTER_PRODUCT_ID', 'P GH7'],
    ['NRL_BASE_URL', 'https://nrl.example/'],
    ['NRL_BASE_URL', 'nrl.example'],
    ['NRL_TIMEOUT_MS', '99'],
    ['NRL_ATTEMPTS', '0'],
    ['NRL_BACKOFF_MS', '9'],
    ['NRL_CONCURRENCY', '65'],
    ['NRL_LEASE_MS', '999'],
    ['POINTER_RELAY_INTERVAL_MS', '49'],
  ])('rejects %s=%p and names only that key', (key, value) => {
    const e = configError({ [key]: value });
    expect(e.problems).toHaveLength(1);
    expect(e.problems[0].startsWith(`${key}: `)).toBe(true);
    expect(e.message).toBe(`Invalid configuration:\n  - ${e.problems[0]}`);
  });

  it('reads the pointer settings', () => {
    const config = validateEnv({
      NRL_BASE_URL: 'https://int.api.service.nhs.uk/record-locator/producer/FHIR/R4',
      POINTER_PRODUCT_ID: 'P.GH7-4TY',
      POINTER_PRACTICE_SETTING: '408443003',
      NRL_TIMEOUT_MS: '2500',
      NRL_ATTEMPTS: '3',
      NRL_BACKOFF_MS: '50',
      NRL_CONCURRENCY: '2',
      NRL_LEASE_MS: '3000',
      POINTER_RELAY_INTERVAL_MS: '200',
    });
    expect(config).toMatchObject({
      NRL_BASE_URL: 'https://int.api.service.nhs.uk/record-locator/producer/FHIR/R4',
      POINTER_PRODUCT_ID: 'P.GH7-4TY',
      POINTER_PRACTICE_SETTING: '408443003',
      NRL_TIMEOUT_MS: 2500,
      NRL_ATTEMPTS: 3,
      NRL_BACKOFF_MS: 50,
      NRL_CONCURRENCY: 2,
      NRL_LEASE_MS: 3000,
      POINTER_RELAY_INTERVAL_MS: 200,
    });
    expect(config.forwardsPointers).toBe(true);
  });

  it('requires POINTER_PRODUCT_ID once pointers are forwarded to an NRL', () => {
    expect(configError({ NRL_BASE_URL: 'https://nrl.example' }).problems).toEqual([
      'POINTER_PRODUCT_ID: is required when NRL_BASE_URL is set',
    ]);
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

  it('never prints the value of NRL_BASE_URL', () => {
    const e = configError({ NRL_BASE_URL: 'ftp://user:nrl-password@nrl', POINTER_PRODUCT_ID: 'P.1' });
    expect(e.problems).toEqual(['NRL_BASE_URL: must be an http(s) URL without a trailing slash']);
  });

  it('prints the ADMIN_TOKEN rule without the token', () => {
    expect(configError({ ADMIN_TOKEN: 'abc' }).problems).toEqual(['ADMIN_TOKEN: must be at least 16 characters']);
  });
});
