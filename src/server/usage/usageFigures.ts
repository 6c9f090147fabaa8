import type { UsageFigures } from '../../api/schemas/usage';
import { mergeLatency, summarizeLatency, type LatencyData } from './latencyHistogram';

/** What one call was, for the counts: API Management's buckets, plus 503 apart. */
export type CallOutcome = 'success' | 'blocked' | 'throttled' | 'failed' | 'other';

/** A request-response call (raw, V2, RRS scoring) or a batch one (BES). */
export type CallKind = 'RRS' | 'BES';

/** The bucket of an answer's status, as src/api/schemas/usage.ts defines them. */
export function outcomeOf(status: number): CallOutcome {
  if (status <= 301 || status === 304 || status === 307) return 'success';
  if (status === 401 || status === 403 || status === 429) return 'blocked';
  if (status === 503) return 'throttled';
  if (status === 400 || status >= 500) return 'failed';
  return 'other';
}

/**
 * An endpoint's figures over a span (a minute as stored, or an interval of a report): sums, so any two add up.
 * The stored shape of usage, shared by every store implementation.
 */
export interface StoredFigures {
  total: number;
  success: number;
  blocked: number;
  throttled: number;
  failed: number;
  other: number;
  rrs: number;
  bes: number;
  bytesIn: number;
  bytesOut: number;
  latency?: LatencyData;
  modelLatency?: LatencyData;
}

export function emptyFigures(): StoredFigures {
  return { total: 0, success: 0, blocked: 0, throttled: 0, failed: 0, other: 0, rrs: 0, bes: 0, bytesIn: 0, bytesOut: 0 };
}

/** The sum of two spans' figures (a new object; neither is changed). */
export function mergeFigures(a: StoredFigures, b: StoredFigures): StoredFigures {
  const merged: StoredFigures = {
    total: a.total + b.total,
    success: a.success + b.success,
    blocked: a.blocked + b.blocked,
    throttled: a.throttled + b.throttled,
    failed: a.failed + b.failed,
    other: a.other + b.other,
    rrs: a.rrs + b.rrs,
    bes: a.bes + b.bes,
    bytesIn: a.bytesIn + b.bytesIn,
    bytesOut: a.bytesOut + b.bytesOut,
  };
  const latency = mergeLatency(a.latency, b.latency);
  const modelLatency = mergeLatency(a.modelLatency, b.modelLatency);
  if (latency) merged.latency = latency;
  if (modelLatency) merged.modelLatency = modelLatency;
  return merged;
}

/** Figures as a report answers them. */
export function presentFigures(f: StoredFigures): UsageFigures {
  const figures: UsageFigures = {
    calls: { total: f.total, success: f.success, blocked: f.blocked, throttled: f.throttled, failed: f.failed, other: f.other, rrs: f.rrs, bes: f.bes },
    bytesIn: f.bytesIn,
    bytesOut: f.bytesOut,
  };
  if (f.latency) figures.latency = summarizeLatency(f.latency);
  if (f.modelLatency) figures.modelLatency = summarizeLatency(f.modelLatency);
  return figures;
}
