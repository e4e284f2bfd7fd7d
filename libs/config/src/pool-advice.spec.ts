import { workerPoolAdvice } from './pool-advice';

describe('workerPoolAdvice', () => {
  it('is silent when the pool covers every concurrent job plus two', () => {
    expect(workerPoolAdvice({ DATABASE_POOL_SIZE: 10, WORKER_CONCURRENCY: 8 }, true)).toBeUndefined();
  });

  it('names both settings and the size to set when the pool is smaller', () => {
    expect(workerPoolAdvice({ DATABASE_POOL_SIZE: 10, WORKER_CONCURRENCY: 16 }, true)).toMatch(
      /DATABASE_POOL_SIZE 10 .*WORKER_CONCURRENCY \+ 2 \(18\).*DATABASE_POOL_SIZE=18/,
    );
  });

  it('is silent for a worker that does not take inbound messages (pointers only)', () => {
    expect(workerPoolAdvice({ DATABASE_POOL_SIZE: 2, WORKER_CONCURRENCY: 16 }, false)).toBeUndefined();
  });
});
