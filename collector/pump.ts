/**
 * Runs a delivery loop (`run`) at most once at a time: `wake()` runs it now, or once more right
 * after the current run if one is going; `schedule(ms)` runs it later (one timer at a time). Used by
 * the forwarder and the trigger outbox, which each keep their own queue table.
 */
export class Pump {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(private readonly run: () => Promise<void>) {}

  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.running = this.run().finally(() => {
      this.running = null;
      if (this.again) {
        this.again = false;
        this.wake();
      }
    });
  }

  schedule(delayMs: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.wake(), Math.max(20, delayMs));
    this.timer.unref?.();
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  /** No more runs; resolves when the current one ends. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }
}
