import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { Client } from 'pg';
import { startAzurite, type Azurite } from './helpers/azurite';
import { buildImage, deployImage, sampleFile } from './helpers/deploy';
import { startPostgres, type PostgresServer } from './helpers/postgresServer';
import { ensureDatabase } from './helpers/testStore';
import { makeDataDir, startServiceProcess, type ServiceProcess } from './helpers/serviceProcess';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const IRIS_ROW = JSON.stringify({ data: [[5.1, 3.5, 1.4, 0.2]] });

/** POSTs a scoring call to `origin` (an instance) at the path of `scoringUri`; answers the status and body. */
async function score(origin: string, scoringUri: string, key: string, body = IRIS_ROW): Promise<{ status: number; text: string }> {
  const url = new URL(new URL(scoringUri).pathname, origin);
  const response = await fetch(url, { method: 'POST', headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' }, body });
  return { status: response.status, text: await response.text() };
}

/** The calls counted against an endpoint's quota in the store (what every instance has added so far). */
async function storedQuotaCalls(storeUrl: string, endpointId: string): Promise<number> {
  const client = new Client({ connectionString: storeUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ calls: string }>('SELECT calls FROM quota_counters WHERE endpoint_id = $1', [endpointId]);
    return Number(rows[0]?.calls ?? 0);
  } finally {
    await client.end();
  }
}

/** Polls until `check` holds (or `ms` pass): answers how long it took, or throws with the last value seen. */
async function within<T>(ms: number, read: () => Promise<T>, check: (value: T) => boolean): Promise<number> {
  const started = Date.now();
  let last: T | undefined;
  while (Date.now() - started < ms) {
    last = await read();
    if (check(last)) return Date.now() - started;
    await sleep(20);
  }
  throw new Error(`not within ${ms} ms; last: ${JSON.stringify(last)}`);
}

/**
 * Two service instances (separate processes and data folders) on one PostgreSQL store and one blob storage
 * (Azurite): what one instance is told, the other serves, and a change on one holds on the other within a second.
 */
describe('two instances on one PostgreSQL store and one blob storage', function () {
  this.timeout(180_000);
  let postgres: PostgresServer;
  let azurite: Azurite;
  let a: ServiceProcess;
  let b: ServiceProcess;
  let store: string;

  before(async () => {
    [postgres, azurite] = await Promise.all([startPostgres(), startAzurite()]);
    store = await ensureDatabase(postgres.url('postgres'), 'modelbay_two_instances');
    // One admin token for the team (a team with a JWT issuer would sign in instead).
    const token = randomBytes(32).toString('base64url');
    const start = async (label: string) => {
      const dataDir = await makeDataDir(label);
      await fs.writeFile(path.join(dataDir, 'admin-token'), token, { mode: 0o600 });
      await fs.writeFile(path.join(dataDir, 'config.json'), JSON.stringify({ leaseSeconds: 3 }));
      return startServiceProcess({ dataDir, args: ['--store', store, '--blobs', azurite.connectionString], env: { MODELBAY_LOG_LEVEL: 'info' } });
    };
    a = await start('instance-a');
    b = await start('instance-b');
  });
  after(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await Promise.all([postgres?.stop(), azurite?.stop()]);
  });

  it('a service deployed through one instance scores on the other, which started its own replicas from the shared image', async () => {
    const model = await sampleFile('onnx-classifier/iris-classifier.onnx');
    const image = await buildImage(a.account, 'iris', 'Onnx', {}, { model: { file: 'iris-classifier.onnx', content: model } });
    const d = await deployImage(a.account, image, 'iris');
    const onA = await score(a.url, d.endpoint.scoringUri, d.keys.primaryKey);
    assert.equal(onA.status, 200, onA.text);
    const took = await within(30_000, () => score(b.url, d.endpoint.scoringUri, d.keys.primaryKey), (r) => r.status === 200);
    const onB = await score(b.url, d.endpoint.scoringUri, d.keys.primaryKey);
    assert.equal(onB.text, onA.text, 'the same answer from both instances');
    // B started replicas of its own: when the change reached it, or when the first call found none yet.
    assert.match(b.log(), /"service":"iris"[^\n]*"msg":"replicas ready"/);
    console.log(`      (instance B answered ${took} ms after the deploy returned on A)`);
  });

  it('keys regenerated on one instance are refused on the other within a second', async () => {
    const [service] = (await a.account.services.list({ serviceName: 'iris' })).value;
    const endpoint = await a.account.services.endpoint(service!.id, 'default');
    const old = await a.account.services.keys(service!.id);
    assert.equal((await score(b.url, endpoint.scoringUri, old.primaryKey)).status, 200, 'B knows the key (and has it in memory)');
    const fresh = await a.account.services.regenerateKey(service!.id, 'Primary');
    const regenerated = Date.now();
    const took = await within(2_000, () => score(b.url, endpoint.scoringUri, old.primaryKey), (r) => r.status === 401);
    assert.ok(Date.now() - regenerated <= 1_000 + 100, `the old key still worked on B ${took} ms after regenerate returned`);
    assert.equal((await score(b.url, endpoint.scoringUri, fresh.primaryKey)).status, 200);
    assert.equal((await score(b.url, endpoint.scoringUri, old.secondaryKey)).status, 200, 'the secondary key was kept');
  });

  it('a quota is shared: calls let in by one instance count on the other once it has synced (every second)', async () => {
    const [service] = (await a.account.services.list({ serviceName: 'iris' })).value;
    await a.account.services.updateEndpoint(service!.id, 'default', { quota: { calls: 20, renewalPeriod: 0 } });
    const endpoint = await a.account.services.endpoint(service!.id, 'default');
    const keys = await a.account.services.keys(service!.id);
    const statuses = async (origin: string, n: number) => {
      const got: number[] = [];
      for (let i = 0; i < n; i++) got.push((await score(origin, endpoint.scoringUri, keys.secondaryKey)).status);
      return got;
    };
    // B has the policy (through the change feed) before the first call.
    await within(2_000, () => score(b.url, endpoint.scoringUri, 'not-a-key'), () => true);
    await sleep(600);
    assert.deepEqual(await statuses(a.url, 12), Array<number>(12).fill(200));
    // A adds its 12 to the store within a second; B reads the totals back every second: after both, B has 8 left.
    const stored = () => storedQuotaCalls(store, endpoint.id);
    await within(5_000, stored, (calls) => calls === 12);
    await sleep(1_500);
    const onB = await statuses(b.url, 12);
    assert.deepEqual(onB, [...Array<number>(8).fill(200), ...Array<number>(4).fill(403)], 'B let in what was left of the 20, no more');
    await within(5_000, stored, (calls) => calls === 20);
    await sleep(1_500);
    assert.deepEqual(await statuses(a.url, 3), [403, 403, 403], 'A knows B used the rest');
  });

  it('a service deleted on one instance stops on the other', async () => {
    const [service] = (await b.account.services.list({ serviceName: 'iris' })).value;
    const endpoint = await b.account.services.endpoint(service!.id, 'default');
    const keys = await b.account.services.keys(service!.id);
    await b.account.services.delete(service!.id);
    await within(2_000, () => score(a.url, endpoint.scoringUri, keys.primaryKey), (r) => r.status === 404);
    await within(5_000, () => Promise.resolve(a.log()), (log) => /service deleted on another instance: its replicas here stop/.test(log));
  });
});
