import type { LatencySummary } from '../../api/schemas/usage';

/**
 * Latencies as a histogram of logarithmic buckets: each bucket is 4% wider than the one before, so any percentile
 * read from it is within 2% of the exact value, and two histograms (two minutes, two endpoints) merge by adding
 * their counts: what a per-minute store needs, since exact percentiles cannot be summed.
 */
const GROWTH = 1.04;
const LOG_GROWTH = Math.log(GROWTH);
/** Latencies up to this share bucket 0. */
const SMALLEST_MS = 0.01;
/** Bucket 0 up to 0.01 ms, the last one from about an hour on (a longer call is counted there). */
export const HISTOGRAM_BUCKETS = 510;

/** A histogram as stored: counts, sum, extremes and the non-empty buckets as [index, count] pairs. */
export interface LatencyData {
  count: number;
  sum: number;
  min: number;
  max: number;
  buckets: [number, number][];
}

export function bucketOf(ms: number): number {
  if (!(ms > SMALLEST_MS)) return 0;
  const index = Math.ceil(Math.log(ms / SMALLEST_MS) / LOG_GROWTH);
  return index < HISTOGRAM_BUCKETS ? index : HISTOGRAM_BUCKETS - 1;
}

/** The value a bucket stands for: the geometric middle of its bounds. */
function valueOf(bucket: number): number {
  return bucket === 0 ? SMALLEST_MS : SMALLEST_MS * GROWTH ** (bucket - 0.5);
}

/** One minute's latencies of one endpoint, counted in place: `add` allocates nothing. */
export class LatencyHistogram {
  count = 0;
  sum = 0;
  min = Infinity;
  max = 0;
  private readonly counts = new Uint32Array(HISTOGRAM_BUCKETS);

  add(ms: number): void {
    this.count++;
    this.sum += ms;
    if (ms < this.min) this.min = ms;
    if (ms > this.max) this.max = ms;
    this.counts[bucketOf(ms)]!++;
  }

  /** The stored form; undefined when nothing was added. */
  data(): LatencyData | undefined {
    if (this.count === 0) return undefined;
    const buckets: [number, number][] = [];
    for (let i = 0; i < HISTOGRAM_BUCKETS; i++) if (this.counts[i] !== 0) buckets.push([i, this.counts[i]!]);
    return { count: this.count, sum: this.sum, min: this.min, max: this.max, buckets };
  }
}

export function mergeLatency(a: LatencyData | undefined, b: LatencyData | undefined): LatencyData | undefined {
  if (!a) return b;
  if (!b) return a;
  const counts = new Map<number, number>(a.buckets);
  for (const [index, count] of b.buckets) counts.set(index, (counts.get(index) ?? 0) + count);
  return {
    count: a.count + b.count,
    sum: a.sum + b.sum,
    min: Math.min(a.min, b.min),
    max: Math.max(a.max, b.max),
    buckets: [...counts].sort((x, y) => x[0] - y[0]),
  };
}

const round = (ms: number) => Math.round(ms * 1000) / 1000;

/** avg, min and max exact; p50/p95/p99 from the buckets, kept within the exact min and max. */
export function summarizeLatency(data: LatencyData): LatencySummary {
  const percentile = (p: number) => {
    const rank = Math.max(1, Math.ceil(p * data.count));
    let seen = 0;
    for (const [index, count] of data.buckets) {
      seen += count;
      if (seen >= rank) return round(Math.min(data.max, Math.max(data.min, valueOf(index))));
    }
    return round(data.max);
  };
  return {
    count: data.count,
    avg: round(data.sum / data.count),
    min: round(data.min),
    max: round(data.max),
    p50: percentile(0.5),
    p95: percentile(0.95),
    p99: percentile(0.99),
  };
}
