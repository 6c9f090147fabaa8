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
  /** Calls counted here since the last sync, and the other instances' calls in the last sync period (from the totals). */
  localSinceSync: number;
  globalPerSync: number;
}

/**
 * How often this instance adds its counts to the store and reads every instance's totals back: a crash loses at
 * most this much counting, and with several instances a quota is exceeded by at most the calls the other
 * instances let in during one such period (plus the time a write takes). See README, "Run Modelbay for a team".
 */
export const QUOTA_SYNC_MS = 1000;
/**
 * How often when a quota is within reach (what is left could be used up before the next regular sync): then the
 * other instances' calls are learnt ten times as fast, and a quota is exceeded by at most what they let in during
 * about this long plus a write to the store.
 */
export const QUOTA_NEAR_SYNC_MS = 100;

/**
 * Every endpoint's quota counts: in memory on the hot path, synced with the store every second (never once per
 * call) by adding what this instance counted and reading the totals of all instances back. Read at start, so a
 * quota survives a restart; shared through the store, so instances behind one load balancer share a quota.
 */
export class QuotaCounters {
  private readonly counters = new Map<string, Counter>();
  private readonly timer: NodeJS.Timeout;
  private syncing: Promise<void> = Promise.resolve();
  private soon: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: QuotaCounterRepository,
    rows: readonly QuotaCounterRow[],
    private readonly onError: (error: unknown) => void,
  ) {
    for (const row of rows) this.counters.set(row.endpointId, fresh(row, 0));
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
    counter.localSinceSync += calls;
    if (this.soon === undefined && withinReach(counter, policy)) {
      this.soon = setTimeout(() => {
        this.soon = undefined;
        void this.sync();
      }, QUOTA_NEAR_SYNC_MS);
      this.soon.unref();
    }
  }

  /** Adds what was counted here to the store and reads every instance's totals back; one sync at a time. */
  sync(): Promise<void> {
    this.syncing = this.syncing.then(async () => {
      const deltas: QuotaDelta[] = [];
      for (const [endpointId, c] of this.counters) {
        c.localSinceSync = 0;
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
        const rows = await this.store.list();
        const now = Date.now();
        for (const row of rows) this.takeTotals(row, now);
      } catch (error) {
        this.onError(error);
      }
    });
    return this.syncing;
  }

  /** Stops the timer and writes what is left (at shutdown, before the store closes). */
  stop(): Promise<void> {
    clearInterval(this.timer);
    if (this.soon) clearTimeout(this.soon);
    return this.sync();
  }

  private current(endpointId: string, policy: QuotaPolicy, now: number): Counter {
    const periodMs = policy.renewalPeriod * 1000;
    let counter = this.counters.get(endpointId);
    if (!counter) {
      counter = fresh({ windowStart: now, calls: 0, bytes: 0 }, periodMs);
      this.counters.set(endpointId, counter);
    } else if (periodMs > 0 && now >= counter.windowStart + periodMs) {
      // A new window: what was counted here for the old one and not written is of no use any more.
      Object.assign(counter, { windowStart: now, calls: 0, bytes: 0, pendingCalls: 0, pendingBytes: 0 });
    }
    counter.periodMs = periodMs;
    return counter;
  }

  /** The store's totals (all instances), plus what this instance counted since they were read. */
  private takeTotals(row: QuotaCounterRow, now: number): void {
    const counter = this.counters.get(row.endpointId);
    if (!counter) {
      this.counters.set(row.endpointId, fresh(row, 0));
      return;
    }
    // A stored window that has ended is renewed in the store by the next add; until then this instance's window stands.
    if (counter.periodMs > 0 && now >= row.windowStart + counter.periodMs) return;
    // Otherwise the store's window is the window: instances that began counting at different moments share the first.
    const sameWindow = row.windowStart === counter.windowStart;
    const before = counter.calls - counter.pendingCalls;
    counter.globalPerSync = sameWindow ? Math.max(0, row.calls - before) : 0;
    counter.windowStart = row.windowStart;
    counter.calls = row.calls + counter.pendingCalls;
    counter.bytes = row.bytes + counter.pendingBytes;
  }
}

function fresh(row: Omit<QuotaCounterRow, 'endpointId'>, periodMs: number): Counter {
  return { windowStart: row.windowStart, calls: row.calls, bytes: row.bytes, periodMs, pendingCalls: 0, pendingBytes: 0, localSinceSync: 0, globalPerSync: 0 };
}

/**
 * Whether what is left of the quota could be used up before the next regular sync: by this instance's pace since
 * the last sync (four times it, for instances as busy as this one), or by all instances' pace in the last period.
 */
function withinReach(counter: Counter, policy: QuotaPolicy): boolean {
  if (policy.calls === undefined) return false;
  const left = policy.calls - counter.calls;
  return left <= 4 * counter.localSinceSync + 2 * counter.globalPerSync;
}

/** What a call counts against a kilobytes quota: the body it sends (its Content-Length; a chunked body counts 0). */
export function requestBytes(contentLength: string | undefined): number {
  if (contentLength === undefined) return 0;
  const bytes = Number(contentLength);
  return Number.isFinite(bytes) && bytes > 0 ? bytes : 0;
}
