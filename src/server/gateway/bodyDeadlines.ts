/**
 * How long a scoring call's body may take to arrive once the call is let in: a body trickled a byte a second would
 * otherwise hold one of the endpoint's concurrency places for as long as its sender likes.
 */
export const SCORING_BODY_TIMEOUT_MS = 30_000;
const SWEEP_MS = 1_000;

/**
 * The bodies being read, each with the moment it must have arrived by; one sweep a second cuts off the late ones
 * (a timer per call would cost more than the call's bookkeeping here). The sweep runs only while a body is awaited.
 */
export class BodyDeadlines {
  private readonly pending = new Map<() => void, number>();
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly limitMs = SCORING_BODY_TIMEOUT_MS) {}

  /** Calls `cutOff` if the body is still coming after the limit; the answer forgets it (call once the body is read). */
  watch(cutOff: () => void): () => void {
    this.pending.set(cutOff, performance.now() + this.limitMs);
    if (this.timer === undefined) {
      this.timer = setInterval(() => this.sweep(), SWEEP_MS);
      this.timer.unref();
    }
    return () => this.pending.delete(cutOff);
  }

  private sweep(): void {
    const now = performance.now();
    for (const [cutOff, deadline] of this.pending) {
      if (deadline > now) continue;
      this.pending.delete(cutOff);
      cutOff();
    }
    if (this.pending.size === 0) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }
}
