import * as assert from 'node:assert/strict';
import type { ModelbayApiError } from '../../src/api/client';
import type { AuthKeys, Endpoint } from '../../src/api/schemas';
import type { UsageCalls, UsageQuery, UsageReport } from '../../src/api/schemas/usage';
import { bes } from './helpers/besCalls';
import { behaviourDriver, deployDriver, score, type Deployed } from './helpers/deploy';
import { makeDataDir, startServiceProcess, type ServiceProcess } from './helpers/serviceProcess';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const MINUTE = 60_000;

/** A scoring call with a body that is not JSON's type (415): the answer the buckets call "other". */
async function wrongType(url: string, key: string): Promise<number> {
  const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'text/plain', Authorization: `Bearer ${key}` }, body: 'hello' });
  await response.arrayBuffer();
  return response.status;
}

const callsOf = (total: number, parts: Partial<UsageCalls>): UsageCalls => ({
  total,
  success: 0,
  blocked: 0,
  throttled: 0,
  failed: 0,
  other: 0,
  rrs: 0,
  bes: 0,
  ...parts,
});

/** The sum of a report's buckets' call counts: what each interval holds must add up to the totals. */
function summed(report: UsageReport): UsageCalls {
  const sum = callsOf(0, {});
  for (const bucket of report.buckets) for (const key of Object.keys(sum) as (keyof UsageCalls)[]) sum[key] += bucket.calls[key];
  return sum;
}

describe('usage analytics: per endpoint and per service, in the buckets, across a restart', function () {
  this.timeout(300_000);
  let service: ServiceProcess;
  let d: Deployed;
  let counted: { endpoint: Endpoint; keys: AuthKeys };
  let plain: { endpoint: Endpoint; keys: AuthKeys };
  let range: UsageQuery;

  before(async () => {
    service = await startServiceProcess({ dataDir: await makeDataDir('usage') });
    d = await deployDriver(service.account, 'usage', behaviourDriver('usage'));
    const api = service.account.services;
    const add = async (fields: Parameters<typeof api.createEndpoint>[1]) => ({
      endpoint: await api.createEndpoint(d.service.id, fields),
      keys: await api.endpointKeys(d.service.id, fields.name),
    });
    counted = await add({ name: 'counted', maxConcurrentCalls: 4, rateLimit: { calls: 13, renewalPeriod: 300 } });
    plain = await add({ name: 'plain' });
  });
  after(async () => {
    await service?.stop();
  });

  it('counts a known mix of calls in their buckets, per endpoint and per service', async () => {
    const started = Date.now();
    const { scoringUri } = counted.endpoint;
    const key = counted.keys.primaryKey;
    // Rate slots (13 in 300 s) are taken by every call past the key and state checks that is not refused later.
    for (let i = 0; i < 5; i++) assert.equal((await score(scoringUri, key, { i })).status, 200); // 5 slots
    assert.equal((await score(scoringUri, 'not-the-key', { i: 0 })).status, 401); // no slot: the key comes first
    assert.equal((await score(scoringUri, key, undefined, '{"broken": ')).status, 400); // 6
    assert.equal(await wrongType(scoringUri, key), 415); // 7
    // Four calls hold the endpoint's four places for 1.5 s; the fifth is refused 503 (and gives its slot back).
    const holders = Array.from({ length: 4 }, () => score(scoringUri, key, { sleep: 1500 }).then((r) => r.status)); // 11
    await sleep(400);
    const throttled = await score(scoringUri, key, { i: 'over' });
    assert.equal(throttled.status, 503, JSON.stringify(throttled.body));
    assert.deepEqual(await Promise.all(holders), [200, 200, 200, 200]);
    const listed = await bes('GET', `${scoringUri}/jobs`, key); // 12
    assert.equal(listed.status, 200, listed.text);
    assert.equal((await score(scoringUri, key, { i: 'last' })).status, 200); // 13
    const limited = await score(scoringUri, key, { i: 'limited' });
    assert.equal(limited.status, 429);
    const api = service.account.services;
    await api.updateEndpoint(d.service.id, 'counted', { state: 'Suspended' });
    assert.equal((await score(scoringUri, key, { i: 'suspended' })).status, 403);
    await api.updateEndpoint(d.service.id, 'counted', { state: 'Active' });
    for (let i = 0; i < 3; i++) assert.equal((await score(plain.endpoint.scoringUri, plain.keys.secondaryKey, { i })).status, 200);

    range = { from: new Date(started - 2 * MINUTE).toISOString(), to: new Date(Date.now() + 2 * MINUTE).toISOString() };
    const expected = callsOf(17, { success: 11, blocked: 3, throttled: 1, failed: 1, other: 1, rrs: 16, bes: 1 });
    for (const interval of ['PT1M', 'PT1H', 'P1D'] as const) {
      const report = await api.endpointUsage(d.service.id, 'counted', { ...range, interval });
      assert.equal(report.endpointName, 'counted');
      assert.equal(report.interval, interval);
      assert.equal(report.retentionDays, 30);
      assert.deepEqual(report.totals.calls, expected, `${interval} totals`);
      assert.deepEqual(summed(report), expected, `${interval} buckets`);
      if (interval !== 'PT1M') assert.equal(report.buckets.length, 1, `${interval}: every call in one interval`);
    }
    const report = await api.endpointUsage(d.service.id, 'counted', range);
    const { latency, modelLatency } = report.totals;
    assert.equal(latency?.count, 17);
    // Calls that reached a replica: 5 + the bad body (parsed by the replica) + the 4 holders + the last one.
    assert.equal(modelLatency?.count, 11);
    assert.ok(modelLatency.max >= 1400 && modelLatency.max < 5000, `the holders' time in the model: ${modelLatency.max} ms`);
    assert.ok(latency.max >= modelLatency.max, 'a whole call lasts at least its time in the model');
    assert.ok(latency.p50 <= latency.p95 && latency.p95 <= latency.p99 && latency.p99 <= latency.max && latency.min <= latency.p50);
    // p99 of 17 calls is the slowest, within the histogram's few percent.
    assert.ok(Math.abs(latency.p99 - latency.max) / latency.max < 0.05, `p99 ${latency.p99} vs max ${latency.max}`);
    assert.ok(report.totals.bytesIn > 0 && report.totals.bytesOut > 0);

    const plainReport = await api.endpointUsage(d.service.id, 'plain', range);
    assert.deepEqual(plainReport.totals.calls, callsOf(3, { success: 3, rrs: 3 }));
    const whole = await api.usage(d.service.id, { ...range, interval: 'P1D' });
    assert.equal(whole.endpointName, undefined);
    assert.deepEqual(
      whole.totals.calls,
      callsOf(20, { success: 14, blocked: 3, throttled: 1, failed: 1, other: 1, rrs: 19, bes: 1 }),
      'the service sums its endpoints',
    );
    assert.equal(whole.totals.bytesIn, report.totals.bytesIn + plainReport.totals.bytesIn);
  });

  it('answers the same figures after the service is stopped (SIGTERM) and started again', async () => {
    const api = () => service.account.services;
    const before = {
      counted: await api().endpointUsage(d.service.id, 'counted', { ...range, interval: 'PT1M' }),
      plain: await api().endpointUsage(d.service.id, 'plain', { ...range, interval: 'PT1H' }),
      service: await api().usage(d.service.id, { ...range, interval: 'P1D' }),
    };
    // Counted in memory and not yet written when the stop comes: the stop writes them.
    assert.equal((await score(plain.endpoint.scoringUri, plain.keys.primaryKey, { after: 1 })).status, 200);
    const dataDir = service.dataDir;
    assert.equal(await service.stop('SIGTERM'), 0);
    service = await startServiceProcess({ dataDir });
    const after = {
      counted: await api().endpointUsage(d.service.id, 'counted', { ...range, interval: 'PT1M' }),
      plain: await api().endpointUsage(d.service.id, 'plain', { ...range, interval: 'PT1H' }),
      service: await api().usage(d.service.id, { ...range, interval: 'P1D' }),
    };
    assert.deepEqual(after.counted, before.counted);
    assert.equal(after.plain.totals.calls.total, before.plain.totals.calls.total + 1);
    assert.equal(after.service.totals.calls.total, before.service.totals.calls.total + 1);
    assert.equal(after.service.totals.calls.success, before.service.totals.calls.success + 1);
  });

  it('keeps what was written before a crash (SIGKILL): at most the last few seconds are lost', async () => {
    const api = () => service.account.services;
    const before = (await api().endpointUsage(d.service.id, 'plain', range)).totals.calls;
    plain.endpoint = await api().endpoint(d.service.id, 'plain'); // its address as the restarted service is reached
    for (let i = 0; i < 4; i++) assert.equal((await score(plain.endpoint.scoringUri, plain.keys.primaryKey, { crash: i })).status, 200);
    await sleep(5500 + 500); // usage is written every 5 s
    const dataDir = service.dataDir;
    await service.stop('SIGKILL');
    service = await startServiceProcess({ dataDir });
    const after = (await api().endpointUsage(d.service.id, 'plain', range)).totals.calls;
    assert.equal(after.total, before.total + 4);
    assert.equal(after.success, before.success + 4);
  });

  it('refuses bad queries with a 400 that names the field, and unknown services and endpoints with 404', async () => {
    const api = service.account.services;
    const refuses = async (call: Promise<unknown>, status: number, names: RegExp) =>
      assert.rejects(call, (e: ModelbayApiError) => {
        assert.equal(e.statusCode, status, e.message);
        assert.match(e.message, names);
        return true;
      });
    await refuses(api.usage(d.service.id, { interval: 'PT5M' as 'PT1M' }), 400, /query\/interval/);
    await refuses(api.usage(d.service.id, { from: 'yesterday' }), 400, /query\/from/);
    await refuses(api.endpointUsage(d.service.id, 'counted', { to: '2026-13-45T99:00:00Z' }), 400, /query\/to/);
    await refuses(api.usage(d.service.id, { from: '2026-11-30T12:00:00Z', to: '2026-11-30T11:00:00Z' }), 400, /query\/from must be before query\/to/);
    await refuses(api.usage(d.service.id, { from: '2026-01-01T00:00:00Z', to: '2026-11-30T00:00:00Z', interval: 'PT1M' }), 400, /query\/interval/);
    await refuses(api.usage('no-such-service'), 404, /no-such-service/);
    await refuses(api.endpointUsage(d.service.id, 'nobody'), 404, /nobody/);
    // The management token, as on every management route; the routes are in the management API's OpenAPI document.
    const base = `${service.url}/api/subscriptions/local/resourceGroups/local/accounts/default`;
    const anonymous = await fetch(`${base}/services/${d.service.id}/usage?api-version=2017-09-01-preview`);
    assert.equal(anonymous.status, 401);
    const swagger = (await (await fetch(`${base}/swagger.json?api-version=2017-09-01-preview`, { headers: { Authorization: `Bearer ${service.token}` } })).json()) as { paths: Record<string, unknown> };
    for (const suffix of ['/services/{id}/usage', '/services/{id}/endpoints/{name}/usage', '/services/{id}/endpoints/{name}/logs']) {
      assert.ok(Object.keys(swagger.paths).some((p) => p.endsWith(suffix)), `swagger.json lists ${suffix}`);
    }
    // The default: the last 24 hours, hourly.
    const recent = await api.usage(d.service.id);
    assert.equal(recent.interval, 'PT1H');
    assert.ok(Date.parse(recent.to) - Date.parse(recent.from) >= 24 * 60 * MINUTE);
    assert.ok(recent.totals.calls.total >= 21);
  });
});
