import * as assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { Value } from '@sinclair/typebox/value';
import { checkQuotaText, checkRateLimit } from '../../src/api/rules';
import { serverSentEvents } from '../../src/api/client/logStream';
import { QuotaPolicy, RateLimitPolicy } from '../../src/api/schemas';
import { ApiError } from '../../src/server/errors';
import { checkQuota } from '../../src/server/routes/endpointPolicies';
import { writeServiceLine } from '../../src/extension/logs/logLines';
import { rateLimitSummary } from '../../src/extension/requests/rateLimitSummary';
import { serviceDetailsParamsCheck } from '../../webviews/protocol/serviceDetailsProtocol';
import { usageParamsCheck } from '../../webviews/protocol/usageProtocol';
import { fieldOfRefusal } from '../../webviews/serviceDetails/refusedField';
import { usageQuery } from '../../src/extension/panels/readUsage';
import { usageSeries } from '../../webviews/usageDashboard/usageSeries';
import type { UsageReport } from '../../src/api/schemas/usage';

/** What the service itself says of a quota: schema, then its own rule. */
function serviceTakesQuota(quota: unknown): boolean {
  if (!Value.Check(QuotaPolicy, quota)) return false;
  try {
    checkQuota(quota);
    return true;
  } catch (error) {
    if (error instanceof ApiError) return false;
    throw error;
  }
}

// The Service Details form checks an endpoint's limits with the service's own rules: what it lets through the service
// takes, and what it stops the service would refuse.
describe('endpoint settings: the form and the service agree', () => {
  it('a rate limit passes the form check exactly when it passes the schema', () => {
    for (const calls of ['0', '1', '5', '10000', '10001', 'x', '', '2.5']) {
      for (const period of ['0', '1', '2', '300', '301', '']) {
        const schema = /^\d+$/.test(calls) && /^\d+$/.test(period) && Value.Check(RateLimitPolicy, { calls: Number(calls), renewalPeriod: Number(period) });
        assert.equal(checkRateLimit(calls, period) === undefined, schema, `${calls} / ${period}`);
      }
    }
    assert.deepEqual(checkRateLimit('5', '301'), { field: 'renewalPeriod', message: 'The renewal period must be from 1 to 300 seconds.' });
  });

  it('a quota passes the form check exactly when the service takes it (period 0 or >= 300, calls and/or kilobytes)', () => {
    for (const calls of ['', '0', '1', '20', 'x']) {
      for (const kilobytes of ['', '1', '0']) {
        for (const period of ['0', '1', '299', '300', '86400', '']) {
          const quota: Record<string, number> = { renewalPeriod: Number(period === '' ? NaN : period) };
          if (calls !== '') quota.calls = Number(calls);
          if (kilobytes !== '') quota.kilobytes = Number(kilobytes);
          const service = period !== '' && !Number.isNaN(quota.calls ?? 0) && serviceTakesQuota(quota);
          assert.equal(checkQuotaText(calls, kilobytes, period) === undefined, service, JSON.stringify({ calls, kilobytes, period }));
        }
      }
    }
    assert.equal(checkQuotaText('20', '', '299')?.field, 'renewalPeriod');
    assert.equal(checkQuotaText('', '', '0')?.field, 'calls');
  });

  it('the panel takes only well-typed settings from its webview', () => {
    const settings = { endpoint: 'default', loggingLevel: 'All', sampleDataEnabled: true, rateLimit: { calls: 5, renewalPeriod: 2 }, quota: null };
    assert.equal(serviceDetailsParamsCheck.saveEndpointSettings(settings), true);
    assert.equal(serviceDetailsParamsCheck.saveEndpointSettings({ ...settings, quota: { kilobytes: 10, renewalPeriod: 0 } }), true);
    assert.equal(serviceDetailsParamsCheck.saveEndpointSettings({ ...settings, rateLimit: { calls: '5', renewalPeriod: 2 } }), false);
    assert.equal(serviceDetailsParamsCheck.saveEndpointSettings({ ...settings, loggingLevel: 'Verbose' }), false);
    assert.equal(serviceDetailsParamsCheck.saveEndpointSettings({ ...settings, extra: 1 }), false);
    assert.equal(serviceDetailsParamsCheck.setEndpointState({ endpoint: 'default', state: 'Suspended' }), true);
    assert.equal(serviceDetailsParamsCheck.setEndpointState({ endpoint: 'default', state: 'Paused' }), false);
    assert.equal(usageParamsCheck.load({ endpoint: null, range: 'week' }), true);
    assert.equal(usageParamsCheck.load({ endpoint: 'default', range: 'year' }), false);
  });

  it("a refusal's field is found in the service's message", () => {
    assert.equal(fieldOfRefusal("body/quota/renewalPeriod must be 0 (a quota for the endpoint's whole life) or at least 300 seconds; it is 5. (BadArgument, HTTP 400)"), 'quota/renewalPeriod');
    assert.equal(fieldOfRefusal('body/rateLimit/calls must be <= 10000'), 'rateLimit/calls');
    assert.equal(fieldOfRefusal('body/quota must set calls, kilobytes or both.'), undefined);
  });
});

describe('RateLimit fields in words', () => {
  it('reads concurrency, rate and quota with what is left and when it renews', () => {
    const headers: [string, string][] = [
      ['ratelimit-policy', '"concurrency";q=20, "rate";q=5;w=2, "quota";q=100;w=0, "quota-bytes";q=2048;qu="content-bytes";w=300'],
      ['ratelimit', '"concurrency";r=19, "rate";r=4;t=2, "quota";r=80, "quota-bytes";r=1024;t=120'],
    ];
    assert.equal(
      rateLimitSummary(headers),
      'concurrency 19 of 20 left; rate 4 of 5 left, renews in 2 s; quota 80 of 100 left, for the endpoint’s whole life; quota (bytes) 1.0 KB of 2.0 KB left, renews in 120 s',
    );
    assert.equal(rateLimitSummary([['content-type', 'application/json']]), undefined);
  });
});

describe('following a log: lines in the channel', () => {
  it('a line from before the channel opened says when it was printed; a fresh one does not', () => {
    const written: string[] = [];
    const channel = { info: (t: string) => written.push(`info ${t}`), warn: (t: string) => written.push(`warn ${t}`) } as unknown as Parameters<typeof writeServiceLine>[0];
    const now = Date.parse('2026-11-30T23:53:02.000Z');
    writeServiceLine(channel, { kind: 'line', time: '2026-11-30T23:53:01.500Z', replica: 1, image: 'iris:1', stream: 'stdout', text: 'fresh' }, now);
    writeServiceLine(channel, { kind: 'line', time: '2026-11-30T23:52:44.724Z', replica: 2, image: 'iris:1', stream: 'stderr', text: 'old' }, now);
    writeServiceLine(channel, { kind: 'line', time: '2026-11-30T23:53:01.900Z', replica: 2, image: 'iris:1', stream: 'system', text: 'ready' }, now);
    assert.equal(written[0], 'info replica-1 iris:1 fresh');
    assert.match(written[1]!, /^warn replica-2 iris:1 \(printed \d{2}:\d{2}:44\.724\) old$/);
    assert.equal(written[2], 'info replica-2 iris:1 · ready');
  });
});

describe('following a log: Server-Sent Events', () => {
  it('reads events split anywhere across chunks, skips comments, keeps ids', async () => {
    const text = ': keep-alive\n\nid: 7\nevent: log\ndata: {"text":"a"}\n\nevent: notice\ndata: {"text":"end"}\n\n';
    const chunks = [text.slice(0, 5), text.slice(5, 23), text.slice(23, 40), text.slice(40)].map((c) => Buffer.from(c));
    const events = [];
    for await (const event of serverSentEvents(Readable.from(chunks))) events.push(event);
    assert.deepEqual(events, [
      { event: 'log', id: '7', data: '{"text":"a"}' },
      { event: 'notice', id: undefined, data: '{"text":"end"}' },
    ]);
  });
});

describe('usage dashboard data', () => {
  it('asks for whole intervals ending now', () => {
    const now = Date.parse('2026-11-30T23:17:30.000Z');
    assert.deepEqual(usageQuery({ endpoint: null, range: 'hour' }, now), { from: '2026-11-30T22:18:00.000Z', to: '2026-11-30T23:17:30.000Z', interval: 'PT1M' });
    assert.equal(usageQuery({ endpoint: 'default', range: 'week' }, now).interval, 'P1D');
  });

  it('fills the intervals without calls with zeros (and gaps for latency)', () => {
    const figures = (success: number) => ({
      calls: { total: success, success, blocked: 1, throttled: 0, failed: 0, other: 0, rrs: success, bes: 0 },
      latency: { count: success, avg: 2, min: 1, max: 3, p50: 2, p95: 3, p99: 3 },
      bytesIn: 10,
      bytesOut: 20,
    });
    const report: UsageReport = {
      serviceId: 's',
      from: '2026-11-30T23:00:00.000Z',
      to: '2026-11-30T23:04:00.000Z',
      interval: 'PT1M',
      buckets: [{ time: '2026-11-30T23:01:00.000Z', ...figures(3) }],
      totals: figures(3),
      retentionDays: 30,
    };
    const series = usageSeries(report);
    assert.equal(series.calls[0].length, 4);
    assert.deepEqual(series.calls[1], [0, 3, 0, 0]);
    assert.deepEqual(series.latency[2], [null, 3, null, null]);
    assert.deepEqual(series.refused[1], [0, 1, 0, 0]);
  });
});
