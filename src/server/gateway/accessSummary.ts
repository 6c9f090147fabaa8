/** Where the summary goes (the service's log). */
export interface SummaryLog {
  info(fields: object, message: string): void;
}

/**
 * The scoring access log: answers counted by status and written as one line per period (when there were any),
 * instead of a line per call, which cost a fifth of the HTTP thread under load (test/bench/scoring/profile.ts).
 * The per-call record belongs to the endpoint's request log and usage (in memory, written in batches).
 */
export class AccessSummary {
  private byStatus = new Map<number, number>();
  private calls = 0;
  private slowestMs = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly log: SummaryLog,
    private readonly periodMs = 60_000,
  ) {
    this.timer = setInterval(() => this.flush(), periodMs);
    this.timer.unref(); // a summary never keeps the service alive
  }

  record(status: number, ms: number): void {
    this.calls++;
    this.byStatus.set(status, (this.byStatus.get(status) ?? 0) + 1);
    if (ms > this.slowestMs) this.slowestMs = ms;
  }

  flush(): void {
    if (this.calls === 0) return;
    const byStatus = Object.fromEntries([...this.byStatus].sort((a, b) => a[0] - b[0]));
    this.log.info({ calls: this.calls, byStatus, slowestMs: Math.round(this.slowestMs), periodS: this.periodMs / 1000 }, 'scoring calls');
    this.byStatus = new Map();
    this.calls = 0;
    this.slowestMs = 0;
  }

  stop(): void {
    clearInterval(this.timer);
    this.flush();
  }
}
