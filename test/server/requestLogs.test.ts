import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { AuthKeys, Endpoint, EndpointCreateRequest } from '../../src/api/schemas';
import type { RequestLogPage, RequestLogRecord } from '../../src/api/schemas/requestLog';
import { bes } from './helpers/besCalls';
import { behaviourDriver, deployDriver, score, type Deployed } from './helpers/deploy';
import { makeDataDir, startServiceProcess, type ServiceProcess } from './helpers/serviceProcess';

/** The bound this test's service is configured with (config.json), so a test can pass it in a few calls. */
const MAX_RECORDS = 25;

/** A scoring call with the key in the headers or the address given, and a body of any text. */
async function call(url: string, headers: Record<string, string>, body: string): Promise<number> {
  const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body });
  await response.arrayBuffer();
  return response.status;
}

describe('request logs: by logging level, sampled bodies, never a key, bounded and paged', function () {
  this.timeout(300_000);
  let service: ServiceProcess;
  let d: Deployed;

  before(async () => {
    const dataDir = await makeDataDir('reqlogs');
    await fs.writeFile(path.join(dataDir, 'config.json'), JSON.stringify({ requestLogMaxRecords: MAX_RECORDS }));
    service = await startServiceProcess({ dataDir });
    d = await deployDriver(service.account, 'logged', behaviourDriver('logged'));
  });
  after(async () => {
    await service?.stop();
  });

  const api = () => service.account.services;
  const add = async (fields: EndpointCreateRequest): Promise<{ endpoint: Endpoint; keys: AuthKeys }> => ({
    endpoint: await api().createEndpoint(d.service.id, fields),
    keys: await api().endpointKeys(d.service.id, fields.name),
  });
  /** Every record of an endpoint's log, newest first, page after page. */
  const allRecords = async (name: string, query: { top?: number; status?: 'error' } = {}): Promise<RequestLogRecord[]> => {
    const records: RequestLogRecord[] = [];
    let page: RequestLogPage = await api().requestLogs(d.service.id, name, query);
    for (;;) {
      records.push(...page.value);
      if (!page.nextLink) return records;
      const token = new URL(page.nextLink).searchParams.get('$skipToken')!;
      page = await api().requestLogs(d.service.id, name, { ...query, skipToken: token });
    }
  };

  it('keeps nothing at None, the failed and refused calls at Error, every call at All', async () => {
    const none = await add({ name: 'quiet', loggingLevel: 'None' });
    const errors = await add({ name: 'errors', loggingLevel: 'Error' });
    const all = await add({ name: 'everything', loggingLevel: 'All' });
    for (const { endpoint, keys } of [none, errors, all]) {
      assert.equal((await score(endpoint.scoringUri, keys.primaryKey, { ok: 1 })).status, 200);
      assert.equal((await score(endpoint.scoringUri, 'wrong-key-wrong-key', { ok: 2 })).status, 401);
      assert.equal((await score(endpoint.scoringUri, keys.primaryKey, undefined, '{"broken": ')).status, 400);
      assert.equal((await score(endpoint.scoringUri, keys.primaryKey, { ok: 3 })).status, 200);
    }
    assert.deepEqual(await allRecords('quiet'), []);

    const errorRecords = await allRecords('errors');
    assert.deepEqual(errorRecords.map((r) => r.status), [400, 401], 'newest first');
    assert.deepEqual(errorRecords.map((r) => r.error?.code), ['InvalidJson', 'ScoreRequestUnauthorized']);
    assert.ok(Number(errorRecords[0]!.id) > Number(errorRecords[1]!.id), 'a later call has a larger id');
    for (const record of errorRecords) {
      assert.equal(record.kind, 'RRS');
      assert.equal(record.path, `/score/${errors.endpoint.id}`);
      assert.equal(record.endpointName, 'errors');
      assert.equal(record.requestBody, undefined, 'no body without sampleDataEnabled');
      assert.ok(record.durationMs >= 0 && record.responseBytes > 0);
    }
    assert.ok(errorRecords[0]!.modelMs !== undefined, 'the bad body reached the replica');
    assert.equal(errorRecords[1]!.modelMs, undefined, 'the 401 never reached one');

    const allRecordsKept = await allRecords('everything');
    assert.deepEqual(allRecordsKept.map((r) => r.status), [200, 400, 401, 200]);
    assert.deepEqual((await allRecords('everything', { status: 'error' })).map((r) => r.status), [400, 401]);
    const ok = allRecordsKept[0]!;
    assert.equal(ok.error, undefined);
    assert.ok(ok.requestBytes === Buffer.byteLength(JSON.stringify({ ok: 3 })), `request bytes ${ok.requestBytes}`);
    assert.ok(ok.modelMs !== undefined && ok.modelMs <= ok.durationMs);
    assert.ok(Date.parse(ok.time) > Date.now() - 60_000);
  });

  it('keeps sampled bodies cut at 8 KiB, and never a key sent as Bearer, Ocp-Apim-Subscription-Key or subscription-key', async () => {
    const { endpoint, keys } = await add({ name: 'sampled', loggingLevel: 'All', sampleDataEnabled: true });
    const small = JSON.stringify({ text: 'small body' });
    const large = JSON.stringify({ text: 'x'.repeat(20_000) });
    const url = endpoint.scoringUri;
    const query = `?subscription-key=${encodeURIComponent(keys.primaryKey)}`;
    assert.equal(await call(url, { Authorization: `Bearer ${keys.primaryKey}` }, small), 200);
    assert.equal(await call(url, { 'Ocp-Apim-Subscription-Key': keys.secondaryKey }, large), 200);
    assert.equal(await call(`${url}${query}`, {}, small), 200);
    // The echo driver's answer is no RRS table (500), but the call passed the key check: the key was taken.
    const rrsStatus = await call(`${endpoint.rrsUri}${query}&api-version=2.0`, {}, JSON.stringify({ Inputs: { input1: [{ a: 1 }] } }));
    assert.notEqual(rrsStatus, 401);
    assert.equal(await call(`${url}?subscription-key=not-a-key-but-secret-too`, {}, small), 401);
    const listed = await bes('GET', `${url}/jobs${query}`, undefined);
    assert.equal(listed.status, 200, listed.text);

    const records = await allRecords('sampled');
    assert.deepEqual(records.map((r) => [r.kind, r.status]), [['BES', 200], ['RRS', 401], ['RRS', rrsStatus], ['RRS', 200], ['RRS', 200], ['RRS', 200]]);
    const text = JSON.stringify(records);
    for (const secret of [keys.primaryKey, keys.secondaryKey, encodeURIComponent(keys.primaryKey), 'not-a-key-but-secret-too', 'subscription-key']) {
      assert.ok(!text.includes(secret), `the request log holds ${secret}`);
    }
    const [, refused, rrs, viaQuery, cut, plain] = records;
    assert.equal(plain!.requestBody, small);
    assert.match(plain!.responseBody!, /"small body"/);
    assert.equal(plain!.truncated, undefined);
    assert.equal(cut!.truncated, true);
    assert.equal(Buffer.byteLength(cut!.requestBody!), 8 * 1024);
    assert.ok(Buffer.byteLength(cut!.responseBody!) <= 8 * 1024);
    assert.equal(cut!.requestBytes, Buffer.byteLength(large), 'the size is the whole body');
    assert.equal(viaQuery!.path, `/score/${endpoint.id}`);
    assert.equal(rrs!.path, endpoint.rrsUri.replace(/^http:\/\/[^/]+/, ''));
    assert.equal(refused!.error?.code, 'ScoreRequestUnauthorized');
    assert.match(refused!.responseBody!, /ScoreRequestUnauthorized/, 'the answer the caller got');
    assert.equal(records[0]!.path, `/score/${endpoint.id}/jobs`);
    assert.equal(records[0]!.responseBytes, Buffer.byteLength(listed.text), 'a BES answer is measured too');
    assert.equal(records[0]!.responseBody, listed.text);
  });

  it(`keeps the newest ${MAX_RECORDS} records of an endpoint, pages them, and forgets them with the endpoint`, async () => {
    const { endpoint, keys } = await add({ name: 'busy', loggingLevel: 'All' });
    for (let i = 0; i < MAX_RECORDS + 10; i++) assert.equal((await score(endpoint.scoringUri, keys.primaryKey, { i })).status, 200);
    // A page of 10, then the next ones by skip token: 10, 5, no more.
    const first = await api().requestLogs(d.service.id, 'busy', { top: 10 });
    assert.equal(first.value.length, 10);
    assert.ok(first.nextLink);
    const records = await allRecords('busy', { top: 10 });
    assert.equal(records.length, MAX_RECORDS);
    assert.deepEqual(records.slice(0, 10), first.value);
    const ids = records.map((r) => Number(r.id));
    assert.deepEqual(ids, [...ids].sort((a, b) => b - a), 'newest first, no record twice');
    assert.equal(new Set(ids).size, MAX_RECORDS);
    // The oldest went: what is left is the last 25 calls' records, one after the other.
    assert.equal(ids[0]! - ids[MAX_RECORDS - 1]!, MAX_RECORDS - 1);
    assert.equal((await api().requestLogs(d.service.id, 'busy', { top: 1000 })).value.length, MAX_RECORDS);

    assert.equal(await api().deleteEndpoint(d.service.id, 'busy'), true);
    await add({ name: 'busy', loggingLevel: 'All' });
    assert.deepEqual(await allRecords('busy'), [], 'an endpoint of the same name starts with an empty log');
    await assert.rejects(api().requestLogs(d.service.id, 'nobody'), /nobody/);
    await assert.rejects(api().requestLogs(d.service.id, 'busy', { skipToken: 'not-a-token' }), /skipToken/);
  });
});
