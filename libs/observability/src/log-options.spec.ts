import { validateEnv } from '@hub/config';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import pinoHttp, { type Options as PinoHttpOptions } from 'pino-http';
import { logParams } from './log-options';

/** A pino logger with the hub's options, writing into an array. */
function capture(level = 'log'): { logger: pino.Logger; lines: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  const options = logParams(validateEnv({ LOG_LEVEL: level }), 'api').pinoHttp as pino.LoggerOptions;
  return { logger: pino(options, stream), lines: () => chunks.join('') };
}

const patient = {
  resourceType: 'Patient',
  identifier: [{ system: 'https://fhir.nhs.uk/Id/nhs-number', value: '9476719931' }],
  name: [{ family: 'Chalmers', given: ['Peter'] }],
  birthDate: '1974-12-25',
  telecom: [{ system: 'phone', value: '07736312544' }],
  address: [{ postalCode: 'LS1 4HR' }],
};

describe('log options', () => {
  it.each([
    ['a resource at the top', { ...patient }],
    ['a resource one level down', { patient }],
    ['a resource two levels down', { job: { patient } }],
    ['a Bundle', { bundle: { resourceType: 'Bundle', entry: [{ resource: patient }] } }],
    ['a message body', { message: { body: JSON.stringify(patient) } }],
  ])('redacts patient data in %s', (_label, object) => {
    const { logger, lines } = capture();
    logger.info(object, 'something happened');
    expect(lines()).toContain('something happened');
    for (const value of ['9476719931', 'Chalmers', 'Peter', '1974-12-25', '07736312544', 'LS1 4HR']) expect(lines()).not.toContain(value);
    expect(lines()).toContain('[redacted]');
  });

  it('redacts authorization and cookie headers', () => {
    const { logger, lines } = capture();
    logger.info({ req: { headers: { authorization: 'Bearer secret-token-1234', cookie: 'hub_admin=abc' } } }, 'request');
    expect(lines()).not.toMatch(/secret-token-1234|hub_admin=abc/);
  });

  it.each([
    ['fatal', 'fatal'],
    ['warn', 'warn'],
    ['log', 'info'],
    ['debug', 'debug'],
    ['verbose', 'trace'],
  ])('maps LOG_LEVEL=%s to the pino level %s', (level, pinoLevel) => {
    expect(capture(level).logger.level).toBe(pinoLevel);
  });

  it('logs the path of a request, never its query or body', () => {
    const { pinoHttp } = logParams(validateEnv({}), 'worker') as { pinoHttp: { serializers: { req: (r: object) => object } } };
    const req = { id: 'x', method: 'GET', url: '/Appointment?patient=9476719931', body: 'secret', headers: { authorization: 'a' } };
    expect(pinoHttp.serializers.req(req)).toEqual({ id: 'x', method: 'GET', path: '/Appointment' });
  });

  it('logs a 5xx the hub answered on purpose without an invented error and stack; a real error keeps its stack', async () => {
    const { logger, lines } = capture();
    const options = logParams(validateEnv({}), 'api').pinoHttp as PinoHttpOptions;
    const log = pinoHttp({ ...options, logger });
    const server = createServer((req: IncomingMessage, res: ServerResponse) => {
      log(req, res);
      if (req.url === '/broken') (res as ServerResponse & { err?: Error }).err = new Error('the database went away');
      res.statusCode = 503;
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      for (const path of ['/refused', '/broken']) await (await fetch(`${base}${path}`)).text();
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    const [refused, broken] = lines()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { msg: string; level: number; err?: { message: string; stack: string } });
    expect(refused).toMatchObject({ msg: 'GET /refused 503', level: 50 });
    expect(refused.err).toBeUndefined();
    expect(broken).toMatchObject({ msg: 'GET /broken 503', level: 50, err: { message: 'the database went away' } });
    expect(broken.err?.stack).toContain('the database went away');
  });
});
