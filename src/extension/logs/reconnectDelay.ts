/**
 * How long to wait before following a log again after its stream broke off: at once after a stream that ran a while
 * (a restarted service, a dropped connection), then doubling up to a limit while attempts keep failing, so a service
 * that is down is not asked every second.
 */
export class ReconnectDelay {
  private failures = 0;

  constructor(
    private readonly firstMs = 1_000,
    private readonly maxMs = 30_000,
  ) {}

  /** A stream opened and delivered: the next break is retried soon again. */
  succeeded(): void {
    this.failures = 0;
  }

  next(): number {
    const delay = Math.min(this.maxMs, this.firstMs * 2 ** this.failures);
    this.failures++;
    return delay;
  }
}
