/**
 * A background pass run now and then `everyMs` after each one ends (never two at once), until stopped: the
 * shape of the worker's sweeps (inbox re-drive, pointer relay). A failed pass is reported and the next
 * one runs as planned. The timer does not keep the process alive.
 */
export class Periodic {
  private timer?: NodeJS.Timeout;
  private stopped = false;

  constructor(
    private readonly everyMs: number,
    private readonly pass: () => Promise<unknown>,
    private readonly onError: (error: Error) => void,
  ) {}

  start(): void {
    this.schedule(0);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.tick(), delayMs);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    try {
      await this.pass();
    } catch (error) {
      this.onError(error as Error);
    } finally {
      this.schedule(this.everyMs);
    }
  }
}
