import * as assert from 'node:assert/strict';
import { LatencyHistogram, mergeLatency, summarizeLatency } from '../../src/server/usage/latencyHistogram';
import { outcomeOf } from '../../src/server/usage/usageFigures';
import { usageRange } from '../../src/server/usage/usageReport';

/** The exact percentile of sorted values, by the nearest-rank rule the histogram follows. */
const exact = (sorted: number[], p: number) => sorted[Math.max(1, Math.ceil(p * sorted.length)) - 1]!;

describe('usage figures', () => {
  it('puts each status in one of API Management\'s buckets, 503 apart', () => {
    const cases: [number, string][] = [
      [200, 'success'], [201, 'success'], [301, 'success'], [304, 'success'], [307, 'success'],
      [302, 'other'], [404, 'other'], [413, 'other'], [415, 'other'], [499, 'other'],
      [401, 'blocked'], [403, 'blocked'], [429, 'blocked'],
      [503, 'throttled'],
      [400, 'failed'], [500, 'failed'], [502, 'failed'], [504, 'failed'],
    ];
    for (const [status, bucket] of cases) assert.equal(outcomeOf(status), bucket, String(status));
  });

  it('reads percentiles from the log buckets within a few percent, and merges two histograms exactly', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
    const values = Array.from({ length: 5000 }, () => 0.05 * Math.exp(random() * 9)); // 0.05 ms .. 400 ms
    const a = new LatencyHistogram();
    const b = new LatencyHistogram();
    values.forEach((v, i) => (i % 2 === 0 ? a : b).add(v));
    const merged = summarizeLatency(mergeLatency(a.data(), b.data())!);
    const sorted = [...values].sort((x, y) => x - y);
    assert.equal(merged.count, 5000);
    assert.ok(Math.abs(merged.min - sorted[0]!) < 0.001 && Math.abs(merged.max - sorted[4999]!) < 0.001);
    for (const [p, key] of [[0.5, 'p50'], [0.95, 'p95'], [0.99, 'p99']] as const) {
      const error = Math.abs(merged[key] - exact(sorted, p)) / exact(sorted, p);
      assert.ok(error < 0.03, `${key}: ${merged[key]} vs ${exact(sorted, p)}`);
    }
    const whole = new LatencyHistogram();
    values.forEach((v) => whole.add(v));
    assert.deepEqual(mergeLatency(a.data(), b.data())!.buckets, whole.data()!.buckets);
  });

  it('takes a range on whole minutes and refuses a bad one naming the field', () => {
    const now = Date.parse('2026-11-30T12:34:56.789Z');
    const range = usageRange({ interval: 'PT1M', from: '2026-11-30T12:00:30Z' }, now);
    assert.deepEqual([new Date(range.from).toISOString(), new Date(range.to).toISOString()], ['2026-11-30T12:00:00.000Z', '2026-11-30T12:35:00.000Z']);
    assert.equal(usageRange({}, now).interval, 'PT1H');
    assert.equal(usageRange({}, now).to - usageRange({}, now).from, 24 * 3600_000);
    assert.throws(() => usageRange({ from: 'monday' }, now), /query\/from/);
    assert.throws(() => usageRange({ to: '2026-11-30' }, now), /query\/to/);
    assert.throws(() => usageRange({ from: '2026-11-30T13:00:00Z' }, now), /query\/from must be before query\/to/);
    assert.throws(() => usageRange({ from: '2026-10-01T00:00:00Z', interval: 'PT1M' }, now), /query\/interval/);
  });
});
