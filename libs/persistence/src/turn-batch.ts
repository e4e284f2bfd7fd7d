/**
 * Gathers the calls made in one turn of the event loop and runs them as one (a statement, a Redis
 * pipeline), each caller getting its own result.
 *
 * Why: under load the api's requests reach the same step in bursts (one socket read, one read of BullMQ's
 * event stream, settles many at once), and one round trip for the burst costs the client, the server and
 * the scheduler far less than one each (docs/decisions.md, "How the answer is read back"). A lone call
 * waits for nothing but the end of its turn.
 *
 * `run` gets the inputs in call order and returns one outcome per input, in the same order; an `Error`
 * outcome rejects that caller alone. When `run` itself throws, every caller of that batch gets the error.
 */
export class TurnBatch<In, Out> {
  private pending: Array<{ input: In; resolve: (out: Out) => void; reject: (err: unknown) => void }> = [];

  constructor(
    private readonly run: (inputs: In[]) => Promise<Array<Out | Error>>,
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
      const outs = await this.run(batch.map((p) => p.input));
      batch.forEach((p, i) => {
        const out = outs[i];
        if (out instanceof Error) p.reject(out);
        else p.resolve(out);
      });
    } catch (err) {
      for (const p of batch) p.reject(err);
    }
  }
}
