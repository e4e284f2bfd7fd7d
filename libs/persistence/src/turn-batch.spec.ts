import { runInNewContext } from 'node:vm';
import { TurnBatch, settle, type Outcome } from './turn-batch';

describe('TurnBatch', () => {
  it('runs the calls of one turn once, in call order, each caller getting its own value', async () => {
    const runs: number[][] = [];
    const batch = new TurnBatch<number, number>((xs) => {
      runs.push(xs);
      return Promise.resolve(xs.map((x) => ({ value: x * 10 })));
    });
    const first = await Promise.all([batch.add(1), batch.add(2), batch.add(3)]);
    const later = await batch.add(4);
    expect(first).toEqual([10, 20, 30]);
    expect(later).toBe(40);
    expect(runs).toEqual([[1, 2, 3], [4]]);
  });

  it('fails one caller with its error object as thrown, the others unharmed, even an error from another realm', async () => {
    // A socket error made by Node's own code is not `instanceof Error` inside Jest's sandbox: a batch that
    // told errors from values by `instanceof` once turned a lost connection (code ECONNRESET, retried as
    // "outcome unknown") into an uncoded copy and a 500.
    const foreign = runInNewContext("Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })") as Error;
    expect(foreign instanceof Error).toBe(false);
    const batch = new TurnBatch<string, string>((xs) =>
      Promise.resolve(xs.map((x): Outcome<string> => (x === 'bad' ? { error: foreign } : { value: x }))),
    );
    const [ok, bad] = await Promise.allSettled([batch.add('ok'), batch.add('bad')]);
    expect(ok).toEqual({ status: 'fulfilled', value: 'ok' });
    expect(bad.status === 'rejected' && bad.reason).toBe(foreign);
  });

  it('fails every caller of a batch whose run throws, and the next batch runs afresh', async () => {
    let calls = 0;
    const batch = new TurnBatch<number, number>((xs) => {
      if (++calls === 1) return Promise.reject(new Error('connection lost'));
      return Promise.resolve(xs.map((x) => ({ value: x })));
    });
    const settled = await Promise.allSettled([batch.add(1), batch.add(2)]);
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected']);
    await expect(batch.add(3)).resolves.toBe(3);
  });

  it('starts a batch at `max` calls without waiting for the end of the turn', async () => {
    const sizes: number[] = [];
    const batch = new TurnBatch<number, number>((xs) => {
      sizes.push(xs.length);
      return Promise.resolve(xs.map((x) => ({ value: x })));
    }, 2);
    await Promise.all([1, 2, 3, 4, 5].map((x) => batch.add(x)));
    expect(sizes).toEqual([2, 2, 1]);
  });

  it('settle gives the value, or throws the error object itself', () => {
    const error = { code: '08006' };
    expect(settle({ value: 7 })).toBe(7);
    let thrown: unknown;
    try {
      settle({ error });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBe(error);
  });
});
