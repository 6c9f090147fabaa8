import type { QuotaPolicy } from '../../api/schemas';
import type { QuotaCounterRepository, QuotaCounterRow, QuotaDelta } from '../store/repositories';

/** One endpoint's quota window as this instance sees it: when it began and what it has counted. */
export interface QuotaWindow {
  readonly windowStart: number;
  /** The store's total at the last sync plus what this instance counted since. */
  readonly calls: number;
  readonly bytes: number;
}

interface Counter {
  windowStart: number;
  calls: number;
  bytes: number;
  periodMs: number;
  /** Counted here and not written yet. */
  pendingCalls: number;
  pendingBytes: number;
}

/**
 * How often this instance adds its counts to the store and reads every instance's totals back: a crash loses at
 * most this much counting, and with several instances a quota is exceeded by at most the calls the other
 * instances let in during one such period (plus the time a write takes). See README, "Run Modelbay for a team".
 */
export const QUOTA_SYNC_MS = 1000;

/**
 * Every endpoint's quota counts: in memory on the hot path, synced with the store every second (never once per
 * call) by adding what this instance counted and reading the totals of all instances back. Read at start, so a
 * quota survives a restart; shared through the store, so instances behind one load balancer share a quota.
 */
export class QuotaCounters {
  private readonly counters = new Map<string, Counter>();
  private readonly timer: NodeJS.Timeout;
  private syncing: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: QuotaCounterRepository,
    rows: readonly QuotaCounterRow[],
    private readonly onError: (error: unknown) => void,
  ) {
    for (const row of rows) this.counters.set(row.endpointId, { ...row, periodMs: 0, pendingCalls: 0, pendingBytes: 0 });
    this.timer = setInterval(() => void this.sync(), QUOTA_SYNC_MS);
    this.timer.unref();
  }

  /** The endpoint's window now (a new window when the last one ended). */
  counterOf(endpointId: string, policy: QuotaPolicy, now: number): QuotaWindow {
    return this.current(endpointId, policy, now);
  }

  /** Counts a call (or gives one back, with negative numbers) against the endpoint's current window. */
  count(endpointId: string, policy: QuotaPolicy, now: number, calls: number, bytes: number): void {
    const counter = this.current(endpointId, policy, now);
    counter.calls = Math.max(0, counter.calls + calls);
    counter.bytes = Math.max(0, counter.bytes + bytes);
    counter.pendingCalls += calls;
    counter.pendingBytes += bytes;
  }

  /** Adds what was counted here to the store and reads every instance's totals back; one sync at a time. */
  sync(): Promise<void> {
    this.syncing = this.syncing.then(async () => {
      const deltas: QuotaDelta[] = [];
      for (const [endpointId, c] of this.counters) {
        if (c.pendingCalls === 0 && c.pendingBytes === 0) continue;
        deltas.push({ endpointId, windowStart: c.windowStart, periodMs: c.periodMs, calls: c.pendingCalls, bytes: c.pendingBytes });
        c.pendingCalls = 0;
        c.pendingBytes = 0;
      }
      try {
        if (deltas.length > 0) await this.store.add(deltas, Date.now());
      } catch (error) {
        // Not written: counted again at the next sync.
        for (const d of deltas) {
          const c = this.counters.get(d.endpointId);
          if (c) {
            c.pendingCalls += d.calls;
            c.pendingBytes += d.bytes;
          }
        }
        this.onError(error);
        return;
      }
      try {
        for (const row of await this.store.list()) this.takeTotals(row);
      } catch (error) {
        this.onError(error);
      }
    });
    return this.syncing;
  }

  /** Stops the timer and writes what is left (at shutdown, before the store closes). */
  stop(): Promise<void> {
    clearInterval(this.timer);
    return this.sync();
  }

  private current(endpointId: string, policy: QuotaPolicy, now: number): Counter {
    const periodMs = policy.renewalPeriod * 1000;
    let counter = this.counters.get(endpointId);
    if (!counter) {
      counter = { windowStart: now, calls: 0, bytes: 0, periodMs, pendingCalls: 0, pendingBytes: 0 };
      this.counters.set(endpointId, counter);
    } else if (periodMs > 0 && now >= counter.windowStart + periodMs) {
      // A new window: what was counted here for the old one and not written is of no use any more.
      Object.assign(counter, { windowStart: now, calls: 0, bytes: 0, pendingCalls: 0, pendingBytes: 0 });
    }
    counter.periodMs = periodMs;
    return counter;
  }

  /** The store's totals (all instances), plus what this instance counted since they were read. */
  private takeTotals(row: QuotaCounterRow): void {
    const counter = this.counters.get(row.endpointId);
    if (!counter) {
      this.counters.set(row.endpointId, { ...row, periodMs: 0, pendingCalls: 0, pendingBytes: 0 });
      return;
    }
    // A stored window older than ours was ended here already (it is renewed in the store at the next add).
    if (row.windowStart < counter.windowStart) return;
    counter.windowStart = row.windowStart;
    counter.calls = row.calls + counter.pendingCalls;
    counter.bytes = row.bytes + counter.pendingBytes;
  }
}

/** What a call counts against a kilobytes quota: the body it sends (its Content-Length; a chunked body counts 0). */
export function requestBytes(contentLength: string | undefined): number {
  if (contentLength === undefined) return 0;
  const bytes = Number(contentLength);
  return Number.isFinite(bytes) && bytes > 0 ? bytes : 0;
}
