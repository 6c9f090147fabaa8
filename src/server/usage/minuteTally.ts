import type { UsageMinuteRow } from '../store/repositories';
import { LatencyHistogram } from './latencyHistogram';
import type { StoredFigures } from './usageFigures';

/** One endpoint's calls in one minute, counted in memory: `add` allocates nothing. */
export class MinuteTally {
  total = 0;
  success = 0;
  blocked = 0;
  throttled = 0;
  failed = 0;
  other = 0;
  rrs = 0;
  bes = 0;
  bytesIn = 0;
  bytesOut = 0;
  readonly latency = new LatencyHistogram();
  readonly modelLatency = new LatencyHistogram();

  constructor(
    readonly endpointId: string,
    readonly serviceId: string,
    /** The minute's first ms since the epoch. */
    readonly minute: number,
  ) {}

  /** Counts a call in its bucket (see usageFigures.outcomeOf: the same rules, inline on the hot path). */
  add(bes: boolean, status: number, ms: number, modelMs: number, bytesIn: number, bytesOut: number): void {
    this.total++;
    if (status <= 301 || status === 304 || status === 307) this.success++;
    else if (status === 401 || status === 403 || status === 429) this.blocked++;
    else if (status === 503) this.throttled++;
    else if (status === 400 || status >= 500) this.failed++;
    else this.other++;
    if (bes) this.bes++;
    else this.rrs++;
    this.bytesIn += bytesIn;
    this.bytesOut += bytesOut;
    this.latency.add(ms);
    if (modelMs >= 0) this.modelLatency.add(modelMs);
  }

  row(): UsageMinuteRow {
    const figures: StoredFigures = {
      total: this.total,
      success: this.success,
      blocked: this.blocked,
      throttled: this.throttled,
      failed: this.failed,
      other: this.other,
      rrs: this.rrs,
      bes: this.bes,
      bytesIn: this.bytesIn,
      bytesOut: this.bytesOut,
    };
    const latency = this.latency.data();
    const modelLatency = this.modelLatency.data();
    if (latency) figures.latency = latency;
    if (modelLatency) figures.modelLatency = modelLatency;
    return { endpointId: this.endpointId, serviceId: this.serviceId, minute: this.minute, figures };
  }
}
