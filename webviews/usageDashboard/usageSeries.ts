import type { UsageBucket, UsageInterval, UsageReport } from '../../src/api/schemas/usage';
import { INTERVAL_MS } from '../protocol/usageProtocol';

/** uPlot's data: the x values (seconds since the epoch) and one array per series, aligned with them. */
export type ChartData = [number[], ...(number | null)[][]];

/** The report as the charts draw it: every interval of the range, those without calls included. */
export interface UsageSeries {
  calls: ChartData; // success, blocked, throttled, failed, other
  latency: ChartData; // p50, p95, p99 (ms); gaps where no call was made
  refused: ChartData; // blocked, throttled
  bytes: ChartData; // in, out
}

/** The start of the interval holding `time` (UTC: days start at midnight UTC, as the service buckets them). */
export function intervalStart(time: number, interval: UsageInterval): number {
  const size = INTERVAL_MS[interval];
  return Math.floor(time / size) * size;
}

/**
 * Fills the report's buckets into the whole range: the service leaves intervals without a call out, and a chart that
 * joined the buckets it got would draw a line across a quiet hour as if calls went on.
 */
export function usageSeries(report: UsageReport): UsageSeries {
  const size = INTERVAL_MS[report.interval];
  const byTime = new Map<number, UsageBucket>();
  for (const bucket of report.buckets) byTime.set(intervalStart(Date.parse(bucket.time), report.interval), bucket);
  const first = intervalStart(Date.parse(report.from), report.interval);
  const end = Date.parse(report.to);
  const times: number[] = [];
  for (let t = first; t < end; t += size) times.push(t);
  // Buckets outside the asked range (a clock apart) are still shown, not lost.
  for (const t of byTime.keys()) if (!times.includes(t)) times.push(t);
  times.sort((a, b) => a - b);
  const at = times.map((t) => byTime.get(t));
  const x = times.map((t) => t / 1000);
  const count = (pick: (b: UsageBucket) => number) => at.map((b) => (b ? pick(b) : 0));
  const latency = (pick: (l: NonNullable<UsageBucket['latency']>) => number) => at.map((b) => (b?.latency ? pick(b.latency) : null));
  return {
    calls: [x, count((b) => b.calls.success), count((b) => b.calls.blocked), count((b) => b.calls.throttled), count((b) => b.calls.failed), count((b) => b.calls.other)],
    latency: [x, latency((l) => l.p50), latency((l) => l.p95), latency((l) => l.p99)],
    refused: [x, count((b) => b.calls.blocked), count((b) => b.calls.throttled)],
    bytes: [x, count((b) => b.bytesIn), count((b) => b.bytesOut)],
  };
}

/** 1234567 -> "1.2 MB": bytes as a person reads them. */
export function readableBytes(bytes: number): string {
  if (bytes < 1024) return `${Math.round(bytes)} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = -1;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}
