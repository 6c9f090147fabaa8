import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import { DEFAULT_ACCOUNT } from '../../src/api/accountRef';
import { ModelbayClient, type AccountClient } from '../../src/api/client';
import { DEFAULTS } from '../../src/server/config';
import { startService, type RunningService } from '../../src/server/startService';
import type { Store } from '../../src/server/store/repositories';
import { openStore } from '../../src/server/store/openStore';
import { buildImage, deployImage, score, type Deployed } from './helpers/deploy';
import { testStoreFor } from './helpers/testStore';

/**
 * Writes the gateway makes in batches on a timer (usage and request logs every few seconds, quota counts every
 * second), and the reads every instance makes on a timer (the store's change feed four times a second, leases and
 * work to take over every few seconds), however many calls there were: not per call, so not counted here.
 */
const BATCHED = new Set([
  'usage.add',
  'usage.prune',
  'requestLogs.append',
  'quotaCounters.add',
  'quotaCounters.list',
  'changes.after',
  'changes.prune',
  'leases.renew',
  'operations.listUnfinished',
  'jobs.listRunning',
]);

/** The store with every repository call counted (by "repository.method"), but the batched writes. */
function countingStore(store: Store, calls: Map<string, number>): Store {
  const counted = {} as Record<string, unknown>;
  for (const [name, repository] of Object.entries(store)) {
    if (typeof repository !== 'object' || repository === null) {
      counted[name] = repository;
      continue;
    }
    counted[name] = new Proxy(repository as object, {
      get(target, method, receiver) {
        const value: unknown = Reflect.get(target, method, receiver);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          const key = `${name}.${String(method)}`;
          if (!BATCHED.has(key)) calls.set(key, (calls.get(key) ?? 0) + 1);
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
  }
  counted.close = () => store.close();
  return counted as unknown as Store;
}

/**
 * The guard on the scoring path's speed that CI can run (the benchmark itself is too noisy for CI): per scoring
 * call, the service reads nothing from its store and writes no log line. Counted on a service built in-process with
 * a counting store and a log destination that counts lines, at the log level users get (info).
 */
describe('the scoring path reads no store and writes no log line per call', () => {
  const calls = new Map<string, number>();
  let logLines = 0;
  let service: RunningService;
  let account: AccountClient;
  let python: Deployed;
  let dataDir: string;

  before(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'modelbay-hotpath-'));
    const log = new Writable({
      write(chunk: Buffer, _encoding, done) {
        logLines += chunk.toString('utf8').split('\n').length - 1;
        done();
      },
    });
    const config = { ...DEFAULTS, dataDir, port: 0, allowedUrlPrefixes: [], store: await testStoreFor(dataDir) };
    service = await startService(config, { level: 'info' }, log, { openStore: async (c, onIdleError) => countingStore(await openStore(c, onIdleError), calls) });
    const url = await service.app.listen({ host: '127.0.0.1', port: 0 });
    account = new ModelbayClient({ baseUrl: url, getToken: () => service.adminToken }).account(DEFAULT_ACCOUNT);
    // A Python replica: worker replicas load dist/replicaWorker.js, which an in-process service under tsx has not.
    // `{"hold": seconds}` keeps a call in the model that long, so calls over an endpoint's limit overlap for sure.
    const driver = 'import json, time\ndef init():\n    pass\ndef run(raw):\n    body = json.loads(raw)\n    if isinstance(body, dict) and "hold" in body:\n        time.sleep(body["hold"])\n    return {"output1": [{"n": 1}]} if "Inputs" in body else {"n": len(raw)}\n';
    const image = await buildImage(account, 'hot', 'Python', { 'score.py': driver }, { driver: 'score.py' });
    python = await deployImage(account, image, 'hot');
  });
  after(async () => {
    await service?.close();
    await fs.rm(dataDir, { recursive: true, force: true });
  });


  it('answers 200, 401 and RRS calls from memory, silently', async () => {
    await service.changes.catchUp(); // the deploy's own changes have come back through the feed
    assert.equal((await score(python.endpoint.scoringUri, python.keys.primaryKey, { a: 1 })).status, 200); // reads the endpoint once
    calls.clear();
    const linesBefore = logLines;
    for (let i = 0; i < 40; i++) {
      assert.equal((await score(python.endpoint.scoringUri, python.keys.primaryKey, { a: i })).status, 200);
      assert.equal((await score(python.endpoint.scoringUri, python.keys.secondaryKey, { Inputs: { input1: [{ a: i }] } })).status, 200);
      assert.equal((await score(python.endpoint.scoringUri, 'not-the-key', { a: i })).status, 401);
      assert.equal((await score(python.endpoint.scoringUri, python.keys.primaryKey, undefined, '{"broken": ')).status, 400);
    }
    assert.deepEqual(Object.fromEntries(calls), {}, 'store calls made by 160 scoring calls');
    assert.equal(logLines - linesBefore, 0, 'log lines written by 160 scoring calls');
  });

  it('refuses calls over the endpoint limit (503) without a store read or a log line', async () => {
    const narrow = await account.services.createEndpoint(python.service.id, { name: 'narrow', maxConcurrentCalls: 4 });
    const keys = await account.services.endpointKeys(python.service.id, 'narrow');
    // The new endpoint comes back through the store's change feed too (as it would from another instance): once it
    // has, the endpoint is read once more, and from then on never per call.
    await service.changes.catchUp();
    assert.equal((await score(narrow.scoringUri, keys.primaryKey, { a: 1 })).status, 200);
    calls.clear();
    const linesBefore = logLines;
    // Four calls take the endpoint's places and stay 5 s in the model (long enough for the 56 others to be sent on
    // a busy machine); the 56 sent meanwhile find no place. They are sent a second after the four: with 100 ms, one
    // of the four had not reached the gateway yet on a loaded machine (a PostgreSQL run), and a quick call took its place.
    const holders = Array.from({ length: 4 }, () => score(narrow.scoringUri, keys.primaryKey, { hold: 5 }).then((r) => r.status));
    await new Promise((r) => setTimeout(r, 1000));
    const excess = await Promise.all(Array.from({ length: 56 }, (_, i) => score(narrow.scoringUri, keys.primaryKey, { a: i }).then((r) => r.status)));
    const statuses = [...(await Promise.all(holders)), ...excess];
    assert.deepEqual(statuses.slice(0, 4), [200, 200, 200, 200], 'the four holding calls were answered');
    assert.ok(excess.every((s) => s === 503), `every call over the limit of 4 was refused while four held it: ${excess.join(',')}`);
    assert.ok(statuses.every((s) => s === 200 || s === 503));
    assert.deepEqual(Object.fromEntries(calls), {}, 'store calls made by refused and admitted calls');
    assert.equal(logLines - linesBefore, 0, 'log lines written by refused and admitted calls');
    await account.services.deleteEndpoint(python.service.id, 'narrow');
  });

  it('still refuses a regenerated key the moment the regenerate call returns, and a deleted endpoint', async () => {
    const api = account.services;
    const before = python.keys;
    const after = await api.regenerateKey(python.service.id, 'Primary');
    // At once, before the store's change feed brings the change back to this instance: refused.
    assert.equal((await score(python.endpoint.scoringUri, before.primaryKey, { a: 1 })).status, 401);
    await service.changes.catchUp();
    calls.clear();
    for (let i = 0; i < 10; i++) {
      assert.equal((await score(python.endpoint.scoringUri, before.primaryKey, { a: 1 })).status, 401);
      assert.equal((await score(python.endpoint.scoringUri, after.primaryKey, { a: 1 })).status, 200);
      assert.equal((await score(python.endpoint.scoringUri, before.secondaryKey, { a: 1 })).status, 200);
    }
    // The feed's copy of the change may make the endpoint be read once more (if it came after the call above).
    const { 'endpoints.find': finds = 0, ...others } = Object.fromEntries(calls);
    assert.ok(finds <= 1, `the endpoint was read ${finds} times by 30 calls`);
    assert.deepEqual(others, {}, 'no other store call');

    const extra = await api.createEndpoint(python.service.id, { name: 'extra', maxConcurrentCalls: 4 });
    const keys = await api.endpointKeys(python.service.id, 'extra');
    assert.equal((await score(extra.scoringUri, keys.primaryKey, { a: 1 })).status, 200);
    await api.updateEndpoint(python.service.id, 'extra', { maxConcurrentCalls: 5 });
    assert.equal((await score(extra.scoringUri, keys.primaryKey, { a: 1 })).status, 200);
    assert.equal(await api.deleteEndpoint(python.service.id, 'extra'), true);
    assert.equal((await score(extra.scoringUri, keys.primaryKey, { a: 1 })).status, 404);
  });
});
