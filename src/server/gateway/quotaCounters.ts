import type { QuotaPolicy } from '../../api/schemas';
import type { QuotaCounterRepository, QuotaCounterRow } from '../store/repositories';

/** One endpoint's quota window: when it began and what it has counted. */
export interface QuotaCounter {
  windowStart: number;
  calls: number;
  bytes: number;
  /** Changed since it was last written to the store. */
  dirty: boolean;
}

/** How often counts are written: a crash loses at most this much counting (see README). */
export const QUOTA_FLUSH_MS = 1000;

/**
 * Every endpoint's quota counts, in memory on the hot path and written to the store in batches (every second and at
 * shutdown), never once per call; read back at start so a quota survives a restart.
 */
export class QuotaCounters {
  private readonly counters = new Map<string, QuotaCounter>();
  private readonly timer: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: QuotaCounterRepository,
    rows: readonly QuotaCounterRow[],
    private readonly onError: (error: unknown) => void,
  ) {
    for (const row of rows) this.counters.set(row.endpointId, { windowStart: row.windowStart, calls: row.calls, bytes: row.bytes, dirty: false });
    this.timer = setInterval(() => void this.flush(), QUOTA_FLUSH_MS);
    this.timer.unref();
  }

  /** The endpoint's counter in its current window (a new window when the last one ended). */
  counterOf(endpointId: string, policy: QuotaPolicy, now: number): QuotaCounter {
    let counter = this.counters.get(endpointId);
    if (!counter) {
      counter = { windowStart: now, calls: 0, bytes: 0, dirty: true };
      this.counters.set(endpointId, counter);
    } else if (policy.renewalPeriod > 0 && now >= counter.windowStart + policy.renewalPeriod * 1000) {
      counter.windowStart = now;
      counter.calls = 0;
      counter.bytes = 0;
      counter.dirty = true;
    }
    return counter;
  }

  /** Writes the counters changed since the last write, in one batch; one write at a time. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(async () => {
      const rows: QuotaCounterRow[] = [];
      for (const [endpointId, counter] of this.counters) {
        if (!counter.dirty) continue;
        counter.dirty = false;
        rows.push({ endpointId, windowStart: counter.windowStart, calls: counter.calls, bytes: counter.bytes });
      }
      if (rows.length === 0) return;
      try {
        await this.store.save(rows);
      } catch (error) {
        for (const row of rows) {
          const counter = this.counters.get(row.endpointId);
          if (counter) counter.dirty = true;
        }
        this.onError(error);
      }
    });
    return this.flushing;
  }

  /** Stops the timer and writes what is left (at shutdown, before the store closes). */
  stop(): Promise<void> {
    clearInterval(this.timer);
    return this.flush();
  }
}

/** What a call counts against a kilobytes quota: the body it sends (its Content-Length; a chunked body counts 0). */
export function requestBytes(contentLength: string | undefined): number {
  if (contentLength === undefined) return 0;
  const bytes = Number(contentLength);
  return Number.isFinite(bytes) && bytes > 0 ? bytes : 0;
}
