/** One caller's share of a batch: its value, or the error that fails it alone. */
export type Outcome<T> = { value: T } | { error: unknown };

/**
 * Gathers the calls made in one turn of the event loop and runs them as one (a statement, a Redis
 * pipeline), each caller getting its own result.
 *
 * Why: under load the api's requests reach the same step in bursts (one socket read, one read of BullMQ's
 * event stream, settles many at once), and one round trip for the burst costs the client, the server and
 * the scheduler far less than one each (docs/decisions.md, "How the answer is read back"). A lone call
 * waits for nothing but the end of its turn.
 *
 * `run` gets the inputs in call order and returns one {@link Outcome} per input, in the same order: an
 * error rejects that caller alone, with the error object as thrown (its `code` is what tells a lost
 * connection from a refused row). When `run` itself throws, every caller of that batch gets the error.
 */
export class TurnBatch<In, Out> {
  private pending: Array<{ input: In; resolve: (out: Out) => void; reject: (err: unknown) => void }> = [];

  constructor(
    private readonly run: (inputs: In[]) => Promise<Array<Outcome<Out>>>,
    /** More in one batch would make its first caller wait noticeably for the others' share of the work. */
    private readonly max = 64,
  ) {}

  add(input: In): Promise<Out> {
    return new Promise((resolve, reject) => {
      if (this.pending.push({ input, resolve, reject }) === 1) setImmediate(() => void this.flush());
      else if (this.pending.length >= this.max) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    const batch = this.pending;
    if (batch.length === 0) return;
    this.pending = [];
    try {
      const outcomes = await this.run(batch.map((p) => p.input));
      batch.forEach((p, i) => {
        const outcome = outcomes[i];
        if ('error' in outcome) p.reject(outcome.error);
        else p.resolve(outcome.value);
      });
    } catch (err) {
      for (const p of batch) p.reject(err);
    }
  }
}

/** The value of an outcome, or its error thrown as it was. */
export function settle<T>(outcome: Outcome<T>): T {
  if ('error' in outcome) throw outcome.error;
  return outcome.value;
}
