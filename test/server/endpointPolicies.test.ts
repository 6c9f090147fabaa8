import * as assert from 'node:assert/strict';
import type { ModelbayApiError } from '../../src/api/client';
import type { AuthKeys, Endpoint, EndpointCreateRequest } from '../../src/api/schemas';
import { bes } from './helpers/besCalls';
import { behaviourDriver, deployDriver, score, type Deployed, type Scored } from './helpers/deploy';
import { makeDataDir, startServiceProcess, type ServiceProcess } from './helpers/serviceProcess';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A scoring call with the key sent some other way than Bearer (headers as given, the URL as given). */
async function scoreWith(url: string, headers: Record<string, string>): Promise<Scored> {
  const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: '{"hi":1}' });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Scored['body']) : {}, headers: response.headers };
}

describe('endpoint policies: rate limit, quota, state, keys, RateLimit fields', function () {
  this.timeout(300_000);
  let service: ServiceProcess;
  let d: Deployed;
  const added: { endpoint: Endpoint; keys: AuthKeys }[] = [];
  before(async () => {
    service = await startServiceProcess({ dataDir: await makeDataDir('policies') });
    d = await deployDriver(service.account, 'metered', behaviourDriver('base'));
  });
  after(async () => {
    await service?.stop();
  });

  /** After a restart the service's replicas come back in the background: waits until the default endpoint scores. */
  const untilServing = async () => {
    for (let i = 0; i < 300; i++) {
      if ((await score(d.endpoint.scoringUri, d.keys.primaryKey, { ready: i })).status === 200) return;
      await sleep(100);
    }
    throw new Error('the service did not serve again within 30 s of its restart');
  };

  /** A new endpoint of the service with these policies, and its keys. */
  const addEndpoint = async (fields: EndpointCreateRequest) => {
    const endpoint = await service.account.services.createEndpoint(d.service.id, fields);
    const keys = await service.account.services.endpointKeys(d.service.id, fields.name);
    added.push({ endpoint, keys });
    return { endpoint, keys };
  };

  it('a rate limit of 5 calls / 2 s lets exactly 5 through, answers the 6th 429 with a correct Retry-After, then lets calls pass again', async () => {
    const { endpoint, keys } = await addEndpoint({ name: 'rated', rateLimit: { calls: 5, renewalPeriod: 2 } });
    assert.deepEqual(endpoint.rateLimit, { calls: 5, renewalPeriod: 2 });
    const first = Date.now();
    for (let i = 0; i < 5; i++) {
      const ok = await score(endpoint.scoringUri, keys.primaryKey, { i });
      assert.equal(ok.status, 200, JSON.stringify(ok.body));
      assert.equal(ok.headers.get('ratelimit-policy'), '"concurrency";q=20, "rate";q=5;w=2');
      assert.match(ok.headers.get('ratelimit')!, new RegExp(`^"concurrency";r=19, "rate";r=${4 - i};t=[12]$`));
    }
    const refused = await score(endpoint.scoringUri, keys.primaryKey, { i: 6 });
    const elapsed = Date.now() - first;
    assert.equal(refused.status, 429);
    assert.equal(refused.body.error?.code, 'RateLimitExceeded');
    const retryAfter = Number(refused.headers.get('retry-after'));
    // The oldest call leaves the window 2 s after it was let in: whole seconds, rounded up, never 0.
    assert.ok(retryAfter >= 1 && retryAfter <= 2, `Retry-After ${retryAfter}`);
    assert.ok(retryAfter * 1000 >= 2000 - elapsed, `Retry-After ${retryAfter} s, but the window frees in ${2000 - elapsed} ms`);
    assert.match(refused.headers.get('ratelimit')!, /"rate";r=0;t=[12]/);
    assert.equal(refused.headers.get('ratelimit-policy'), '"concurrency";q=20, "rate";q=5;w=2');
    await sleep(retryAfter * 1000);
    assert.equal((await score(endpoint.scoringUri, keys.primaryKey, { again: true })).status, 200);
  });

  it('a quota of 20 calls refuses the 21st with 403 and Retry-After, and still does after a restart', async () => {
    const { endpoint, keys } = await addEndpoint({ name: 'quoted', quota: { calls: 20, renewalPeriod: 300 } });
    for (let i = 0; i < 20; i++) {
      const ok = await score(endpoint.scoringUri, keys.primaryKey, { i });
      assert.equal(ok.status, 200);
      assert.match(ok.headers.get('ratelimit')!, new RegExp(`"quota";r=${19 - i};t=(300|299)$`));
    }
    const refused = await score(endpoint.scoringUri, keys.primaryKey, { i: 21 });
    assert.equal(refused.status, 403);
    assert.equal(refused.body.error?.code, 'QuotaExceeded');
    const retryAfter = Number(refused.headers.get('retry-after'));
    assert.ok(retryAfter > 290 && retryAfter <= 300, `Retry-After ${retryAfter}`);
    assert.equal(refused.headers.get('ratelimit-policy'), '"concurrency";q=20, "quota";q=20;w=300');
    assert.match(refused.headers.get('ratelimit')!, /"quota";r=0;t=\d+$/);

    const dataDir = service.dataDir;
    await service.stop();
    service = await startServiceProcess({ dataDir });
    const after = await score(endpoint.scoringUri.replace(/^http:\/\/[^/]+/, service.url), keys.primaryKey, { i: 22 });
    assert.equal(after.status, 403, JSON.stringify(after.body));
    assert.equal(after.body.error?.code, 'QuotaExceeded');
    // The endpoint's other URLs must follow the new port from here on.
    d.endpoint = await service.account.services.endpoint(d.service.id, 'default');
    for (const entry of added) entry.endpoint = await service.account.services.endpoint(d.service.id, entry.endpoint.name);
    await untilServing();
  });

  it('a kilobytes quota counts the body a chunked call sends (no Content-Length) once it is read', async () => {
    const { endpoint, keys } = await addEndpoint({ name: 'bytes', quota: { kilobytes: 2, renewalPeriod: 0 } });
    // 3 KB sent in chunks: let in (the quota is checked at the door, where its size is not known yet), then counted.
    const chunked = (kilobytes: number) => {
      const part = new TextEncoder().encode(' '.repeat(1024));
      let sent = 0;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent === 0) controller.enqueue(new TextEncoder().encode('{"pad": "'));
          if (sent < kilobytes) controller.enqueue(part);
          else {
            controller.enqueue(new TextEncoder().encode('"}'));
            controller.close();
          }
          sent++;
        },
      });
      return fetch(endpoint.scoringUri, {
        method: 'POST',
        headers: { Authorization: `Bearer ${keys.primaryKey}`, 'Content-Type': 'application/json' },
        body,
        duplex: 'half',
      } as RequestInit & { duplex: 'half' });
    };
    const first = await chunked(3);
    assert.equal(first.status, 200, await first.text());
    const second = await chunked(1);
    const body = (await second.json()) as { error?: { code: string } };
    assert.equal(second.status, 403, JSON.stringify(body));
    assert.equal(body.error?.code, 'QuotaExceeded');
    assert.match(second.headers.get('ratelimit')!, /"quota-bytes";r=0/);
  });

  it('keeps quota counts written a second after the calls through a crash (SIGKILL)', async () => {
    const { endpoint, keys } = await addEndpoint({ name: 'crashed', quota: { calls: 3, renewalPeriod: 0 } });
    for (let i = 0; i < 3; i++) assert.equal((await score(endpoint.scoringUri, keys.primaryKey, { i })).status, 200);
    await sleep(1500); // counts are written once a second: these three are in the store now
    const dataDir = service.dataDir;
    await service.stop('SIGKILL');
    service = await startServiceProcess({ dataDir });
    const after = await score(endpoint.scoringUri.replace(/^http:\/\/[^/]+/, service.url), keys.primaryKey, { i: 4 });
    assert.equal(after.status, 403, JSON.stringify(after.body));
    assert.equal(after.body.error?.code, 'QuotaExceeded');
    d.endpoint = await service.account.services.endpoint(d.service.id, 'default');
    for (const entry of added) entry.endpoint = await service.account.services.endpoint(d.service.id, entry.endpoint.name);
    await untilServing();
  });

  it('suspends and resumes an endpoint, keeping its keys', async () => {
    const api = service.account.services;
    const before = await api.endpointKeys(d.service.id, 'default');
    const suspended = await api.updateEndpoint(d.service.id, 'default', { state: 'Suspended' });
    assert.equal(suspended.state, 'Suspended');
    const refused = await score(d.endpoint.scoringUri, before.primaryKey, { hi: 1 });
    assert.equal(refused.status, 403);
    assert.equal(refused.body.error?.code, 'EndpointSuspended');
    assert.ok(refused.headers.get('ratelimit-policy'));
    assert.deepEqual(await api.endpointKeys(d.service.id, 'default'), before);
    assert.equal((await api.updateEndpoint(d.service.id, 'default', { state: 'Active' })).state, 'Active');
    assert.equal((await score(d.endpoint.scoringUri, before.primaryKey, { hi: 2 })).status, 200);
  });

  it('takes the key as Bearer, as Ocp-Apim-Subscription-Key or as the subscription-key query parameter, headers first', async () => {
    const url = d.endpoint.scoringUri;
    const { primaryKey, secondaryKey } = await service.account.services.endpointKeys(d.service.id, 'default');
    assert.equal((await scoreWith(url, { Authorization: `Bearer ${primaryKey}` })).status, 200);
    assert.equal((await scoreWith(url, { 'Ocp-Apim-Subscription-Key': secondaryKey })).status, 200);
    assert.equal((await scoreWith(`${url}?subscription-key=${encodeURIComponent(primaryKey)}`, {})).status, 200);
    const rrs = await scoreWith(`${d.endpoint.rrsUri}?api-version=2.0&subscription-key=${encodeURIComponent(primaryKey)}`, {});
    assert.notEqual(rrs.status, 401);
    // Header first: a wrong header key is refused even with a right key in the address, and the other way round passes.
    const wrongHeader = await scoreWith(`${url}?subscription-key=${encodeURIComponent(primaryKey)}`, { 'Ocp-Apim-Subscription-Key': 'wrong' });
    assert.equal(wrongHeader.status, 401);
    assert.equal(wrongHeader.headers.get('ratelimit'), null, 'a caller without a valid key learns nothing of the limits');
    assert.equal((await scoreWith(`${url}?subscription-key=wrong`, { 'Ocp-Apim-Subscription-Key': primaryKey })).status, 200);
    assert.equal((await scoreWith(url, { Authorization: 'Bearer wrong', 'Ocp-Apim-Subscription-Key': primaryKey })).status, 401);
    const none = await scoreWith(url, {});
    assert.equal(none.status, 401);
    assert.match(none.body.error!.message, /Ocp-Apim-Subscription-Key/);
  });

  it('counts BES calls against the same policies, and a call refused by the quota gives its rate slot back', async () => {
    const { endpoint, keys } = await addEndpoint({ name: 'batched', rateLimit: { calls: 4, renewalPeriod: 300 }, quota: { calls: 2, renewalPeriod: 0 } });
    const jobs = `${endpoint.scoringUri}/jobs`;
    assert.equal((await score(endpoint.scoringUri, keys.primaryKey, { hi: 1 })).status, 200);
    const listed = await bes('GET', jobs, keys.primaryKey);
    assert.equal(listed.status, 200, listed.text);
    const overBes = await fetch(`${jobs}?api-version=2.0`, { headers: { 'Ocp-Apim-Subscription-Key': keys.primaryKey } });
    assert.equal(overBes.status, 403);
    assert.equal(((await overBes.json()) as { error: { code: string } }).error.code, 'QuotaExceeded');
    assert.equal(overBes.headers.get('retry-after'), null, 'a quota for life never renews');
    assert.equal(overBes.headers.get('ratelimit-policy'), '"concurrency";q=20, "rate";q=4;w=300, "quota";q=2;w=0');
    // Two calls took rate slots; the refused ones gave theirs back.
    assert.match(overBes.headers.get('ratelimit')!, /^"concurrency";r=20, "rate";r=2;t=(300|299), "quota";r=0$/);
    const overScore = await score(endpoint.scoringUri, keys.primaryKey, { hi: 2 });
    assert.equal(overScore.status, 403);
    assert.match(overScore.headers.get('ratelimit')!, /"rate";r=2;t=\d+, "quota";r=0$/);

    const api = service.account.services;
    const lifted = await api.updateEndpoint(d.service.id, 'batched', { quota: null, rateLimit: null });
    assert.equal(lifted.quota, undefined);
    assert.equal(lifted.rateLimit, undefined);
    const free = await score(endpoint.scoringUri, keys.primaryKey, { hi: 3 });
    assert.equal(free.status, 200);
    assert.equal(free.headers.get('ratelimit-policy'), '"concurrency";q=20');
  });

  it('refuses bad policies with a 400 that names the field', async () => {
    const api = service.account.services;
    const refuses = async (body: object, names: RegExp) =>
      assert.rejects(api.updateEndpoint(d.service.id, 'default', body), (e: ModelbayApiError) => {
        assert.equal(e.statusCode, 400, e.message);
        assert.match(e.message, names);
        return true;
      });
    await refuses({ rateLimit: { calls: 5, renewalPeriod: 301 } }, /rateLimit\/renewalPeriod/);
    await refuses({ rateLimit: { calls: 0, renewalPeriod: 2 } }, /rateLimit\/calls/);
    await refuses({ rateLimit: { calls: 5 } }, /rateLimit/);
    await refuses({ quota: { calls: 20, renewalPeriod: 60 } }, /quota\/renewalPeriod/);
    await refuses({ quota: { renewalPeriod: 300 } }, /body\/quota must set calls, kilobytes/);
    await refuses({ quota: { calls: 20, renewalPeriod: 300, extra: 1 } }, /quota/);
    await refuses({ state: 'Paused' }, /state/);
    await assert.rejects(
      api.createEndpoint(d.service.id, { name: 'bad', quota: { calls: 1, renewalPeriod: 10 } }),
      (e: ModelbayApiError) => e.statusCode === 400 && /quota\/renewalPeriod/.test(e.message),
    );
  });
});
