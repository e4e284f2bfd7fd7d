import { inboundRetryDelay } from '@hub/messaging';
import { WithdrawnMessageError, decideRetry } from './retry-policy';

const HOUR = 3_600_000;
const refused = (code: string): Error => Object.assign(new Error('refused'), { driverError: { code } });
const down = (): Error => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

describe('decideRetry', () => {
  it('retries an outage for as long as the window lasts, however many attempts that takes', () => {
    expect(decideRetry(down(), 500, HOUR - 1, HOUR)).toEqual({ kind: 'retry' });
    expect(decideRetry(new Error('Connection terminated unexpectedly'), 40, 10_000, HOUR)).toEqual({ kind: 'retry' });
  });

  it('gives up an outage past the window, but only after a few attempts (a re-driven job gets its own)', () => {
    expect(decideRetry(down(), 5, HOUR + 1, HOUR).kind).toBe('give-up');
    expect(decideRetry(down(), 1, HOUR + 1, HOUR)).toEqual({ kind: 'retry' });
  });

  it.each(['22021', '22001', '22P05', '23502'])('gives up at once on data the database refuses (%s)', (code) => {
    expect(decideRetry(refused(code), 1, 0, HOUR).kind).toBe('give-up');
  });

  it('retries a unique violation, which a race can cause', () => {
    expect(decideRetry(refused('23505'), 1, 0, HOUR)).toEqual({ kind: 'retry' });
  });

  it('drops a withdrawn message without recording anything', () => {
    expect(decideRetry(new WithdrawnMessageError('x'), 1, 0, HOUR).kind).toBe('drop');
  });

  it('gives a defect five attempts', () => {
    expect(decideRetry(new TypeError('boom'), 4, 0, HOUR)).toEqual({ kind: 'retry' });
    expect(decideRetry(new TypeError('boom'), 5, 0, HOUR).kind).toBe('give-up');
  });
});

describe('inboundRetryDelay', () => {
  it('doubles from 500 ms and never exceeds the cap', () => {
    expect([1, 2, 3, 4].map((n) => inboundRetryDelay(n, 30_000))).toEqual([500, 1000, 2000, 4000]);
    expect(inboundRetryDelay(7, 30_000)).toBe(30_000);
    expect(inboundRetryDelay(10_000, 30_000)).toBe(30_000);
  });
});
