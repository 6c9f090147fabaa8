import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { Client } from 'pg';
import { DEFAULT_ACCOUNT } from '../../src/api/accountRef';
import { collect, ModelbayClient, type AccountClient } from '../../src/api/client';
import { freePort, startAzurite, type Azurite } from './helpers/azurite';
import { buildImage, deployImage, sampleFile } from './helpers/deploy';
import { registerModel, startSlowBuild } from './helpers/fixtures';
import { canMakeHosts, makeHosts, type TestHost } from './helpers/netns';
import { startNginx, type Nginx } from './helpers/nginx';
import { startPostgres, type PostgresServer } from './helpers/postgresServer';
import { ensureDatabase } from './helpers/testStore';
import { makeDataDir, startServiceProcess, type ServiceProcess } from './helpers/serviceProcess';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const IRIS_ROW = JSON.stringify({ data: [[5.1, 3.5, 1.4, 0.2]] });
const LEASE_SECONDS = 3;

interface Instance {
  dataDir: string;
  /** Where it listens: its own test host's address, or 127.0.0.1 where namespaces cannot be made. */
  address: string;
  port: number;
  host?: TestHost;
  /** The store and blob storage as this instance reaches them (from its namespace: this side's veth address). */
  store: string;
  blobs: string;
  process: ServiceProcess;
}

interface Call {
  started: number;
  ended: number;
  status: number;
}

/** One scoring call through `url`; a connection the load balancer dropped counts as status 0. */
async function scoreOnce(url: string, key: string): Promise<Call> {
  const started = Date.now();
  const status = await fetch(url, { method: 'POST', headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' }, body: IRIS_ROW }).then(
    async (r) => {
      await r.arrayBuffer();
      return r.status;
    },
    () => 0,
  );
  return { started, ended: Date.now(), status };
}

/** `callers` closed loops of scoring calls until `stop()`; answers every call made. */
function callStream(url: string, key: string, callers: number): { stop(): Promise<Call[]> } {
  let running = true;
  const loops = Array.from({ length: callers }, async () => {
    const calls: Call[] = [];
    while (running) calls.push(await scoreOnce(url, key));
    return calls;
  });
  return {
    async stop() {
      running = false;
      return (await Promise.all(loops)).flat();
    },
  };
}

async function sql<T>(url: string, text: string, values: unknown[]): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, values)).rows as T[];
  } finally {
    await client.end();
  }
}

/**
 * A team's Modelbay: two instances (separate processes and data folders, each in a network namespace with an address
 * of its own where the machine allows it) on one PostgreSQL store and one blob storage (Azurite), with nginx in
 * front; every call below goes through nginx unless it names an instance.
 */
describe('a team: two instances behind nginx on one PostgreSQL and one Azurite', function () {
  this.timeout(300_000);
  let postgres: PostgresServer;
  let azurite: Azurite;
  let nginx: Nginx;
  let store: string;
  let token: string;
  let account: AccountClient;
  const instances: Instance[] = [];
  let hosts: ReturnType<typeof makeHosts> | undefined;

  const start = async (instance: Omit<Instance, 'process'>): Promise<ServiceProcess> =>
    startServiceProcess({
      dataDir: instance.dataDir,
      args: ['--store', instance.store, '--blobs', instance.blobs, '--host', instance.address, '--port', String(instance.port)],
      env: { MODELBAY_LOG_LEVEL: 'info' },
      prefix: instance.host?.exec,
    });
  const upstreamOf = (i: Instance) => `${i.address}:${i.port}`;
  const clientOf = (baseUrl: string) => new ModelbayClient({ baseUrl, getToken: () => token }).account(DEFAULT_ACCOUNT);
  const at = (origin: string, uri: string) => new URL(new URL(uri).pathname, origin).toString();

  before(async () => {
    // Each instance on a test host of its own (a network namespace with its own address) where this machine allows
    // it, as on a team's two machines; else on loopback ports.
    hosts = canMakeHosts() ? makeHosts(2) : undefined;
    [postgres, azurite] = await Promise.all([
      startPostgres(hosts ? { trustNetwork: '10.231.0.0/16' } : {}),
      startAzurite(undefined, hosts ? '0.0.0.0' : '127.0.0.1'),
    ]);
    store = await ensureDatabase(postgres.url('postgres'), 'modelbay_team');
    token = randomBytes(32).toString('base64url'); // one admin token for the team
    for (const [n, label] of ['team-a', 'team-b'].entries()) {
      const dataDir = await makeDataDir(label);
      await fs.writeFile(path.join(dataDir, 'admin-token'), token, { mode: 0o600 });
      await fs.writeFile(path.join(dataDir, 'config.json'), JSON.stringify({ leaseSeconds: LEASE_SECONDS }));
      const host = hosts?.hosts[n];
      const reach = host?.gateway ?? '127.0.0.1';
      const instance = {
        dataDir,
        host,
        address: host?.address ?? '127.0.0.1',
        port: host ? 8080 : await freePort(), // on hosts of their own, both take the same port
        store: postgres.url('modelbay_team', reach),
        blobs: azurite.connectionString.replace('127.0.0.1', reach),
      };
      instances.push({ ...instance, process: await start(instance) });
    }
    console.log(`      (instances at ${instances.map(upstreamOf).join(' and ')}${hosts ? ', each in a network namespace of its own' : ''})`);
    nginx = await startNginx(instances.map(upstreamOf));
    account = clientOf(nginx.url);
  });
  after(async () => {
    await nginx?.stop();
    await Promise.all(instances.map((i) => i.process.stop()));
    await Promise.all([postgres?.stop(), azurite?.stop()]);
    hosts?.remove();
  });

  let scoringUri = '';
  let key = '';

  it('registers and deploys through the load balancer; the calls right after are all answered, by both instances', async () => {
    const model = await sampleFile('onnx-classifier/iris-classifier.onnx');
    const image = await buildImage(account, 'iris', 'Onnx', {}, { model: { file: 'iris-classifier.onnx', content: model } });
    const d = await deployImage(account, image, 'iris');
    scoringUri = at(nginx.url, d.endpoint.scoringUri);
    key = d.keys.primaryKey;
    const before = (await nginx.answeredBy()).length;
    // The instance that did not run the deploy starts its replicas when the change reaches it, or when a call finds
    // none yet (the call waits for them): every call succeeds.
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) statuses.push((await scoreOnce(scoringUri, key)).status);
    assert.deepEqual(statuses, Array<number>(20).fill(200));
    const answers = (await nginx.answeredBy()).slice(before);
    const served = new Set(answers.filter((a) => a.status === 200).map((a) => a.upstream));
    assert.deepEqual([...served].sort(), instances.map(upstreamOf).sort(), 'both instances answered');
  });

  it('50 concurrent registrations of one name, split over both instances, get versions 1..50', async () => {
    const [a, b] = instances.map((i) => clientOf(`http://${upstreamOf(i)}`));
    const models = await Promise.all(Array.from({ length: 50 }, (_, i) => registerModel(i % 2 === 0 ? a! : b!, 'shared-name', `bytes ${i}`)));
    assert.deepEqual(models.map((m) => m.version).sort((x, y) => x - y), Array.from({ length: 50 }, (_, i) => i + 1));
  });

  it('a quota of 100 calls hammered through both instances is refused from about call 101 on (within the calls of a fraction of a second)', async () => {
    const [service] = (await account.services.list({ serviceName: 'iris' })).value;
    await account.services.createEndpoint(service!.id, { name: 'metered', quota: { calls: 100, renewalPeriod: 0 } });
    const endpoint = await account.services.endpoint(service!.id, 'metered');
    const keys = await account.services.endpointKeys(service!.id, 'metered');
    const url = at(nginx.url, endpoint.scoringUri);
    // Both instances know the endpoint (their change feeds run four times a second) before the first call.
    await sleep(1_000);
    const started = Date.now();
    const results = await Promise.all(
      Array.from({ length: 4 }, async () => {
        const statuses: number[] = [];
        for (let i = 0; i < 50; i++) statuses.push((await scoreOnce(url, keys.primaryKey)).status);
        return statuses;
      }),
    );
    const seconds = (Date.now() - started) / 1000;
    const statuses = results.flat();
    const admitted = statuses.filter((s) => s === 200).length;
    const refused = statuses.filter((s) => s === 403).length;
    assert.equal(admitted + refused, 200, `only 200 and 403: ${statuses.join(',')}`);
    // Within reach of a quota, each instance syncs its counts every 100 ms: the other may have let in what arrived
    // during one sync (100 ms plus a store write, slower on a busy machine).
    const tolerance = Math.ceil((200 / seconds) * 0.4) + 10;
    assert.ok(admitted >= 100, `${admitted} admitted: the quota must be usable whole`);
    assert.ok(admitted <= 100 + tolerance, `${admitted} admitted for a quota of 100 (tolerance ${tolerance} at ${(200 / seconds).toFixed(0)} calls/s)`);
    console.log(`      (quota 100: ${admitted} let in of 200 at ${(200 / seconds).toFixed(0)} calls/s; tolerance ${tolerance})`);
    await sleep(2_500); // both instances have synced
    const after = await Promise.all(Array.from({ length: 6 }, () => scoreOnce(url, keys.primaryKey)));
    assert.deepEqual(after.map((c) => c.status), Array<number>(6).fill(403), 'refused on both instances once synced');
  });

  it('SIGKILL of one instance mid-build and mid-stream: the build finishes on the other, only calls in flight fail, it rejoins on restart', async () => {
    const { operationId } = await startSlowBuild(account);
    const operation = { id: operationId };
    let owner: string | undefined;
    for (let i = 0; i < 400 && !owner; i++) {
      const rows = await sql<{ owner: string }>(store, 'SELECT owner FROM leases WHERE resource = $1', [`operation:${operation.id}`]);
      owner = rows[0]?.owner;
      if (!owner) await sleep(10);
    }
    assert.ok(owner, 'an instance took the build');
    const ids = await Promise.all(instances.map(async (i) => (await fs.readFile(path.join(i.dataDir, 'instance-id'), 'utf8')).trim()));
    const victim = instances[ids.indexOf(owner)]!;
    const survivor = instances.find((i) => i !== victim)!;

    const stream = callStream(scoringUri, key, 6);
    await sleep(1_000);
    // In flight at the kill: started before the instance was gone, not ended before the signal was sent.
    const signalled = Date.now();
    await victim.process.stop('SIGKILL');
    const killedAt = Date.now();
    await sleep(3_000);
    const calls = await stream.stop();

    const failed = calls.filter((c) => c.status !== 200);
    assert.ok(calls.length > 50, `a stream of calls: ${calls.length}`);
    assert.ok(failed.length <= 6, `${failed.length} calls failed; at most the 6 in flight may`);
    for (const call of failed) {
      assert.ok(call.started <= killedAt && call.ended >= signalled, `a failed call was not in flight at the kill: ${JSON.stringify(call)} (signal at ${signalled}, gone at ${killedAt})`);
    }
    console.log(`      (${calls.length} calls, ${failed.length} failed, all in flight on the killed instance)`);

    const final = await account.waitForOperation(`${nginx.url}${account.basePath}/operations/${operation.id}`, { intervalMs: 100, timeoutMs: 120_000 });
    assert.equal(final.state, 'Succeeded', JSON.stringify(final));
    assert.match(survivor.process.log(), /resuming an operation/, 'the survivor took the build over');
    // Nothing acknowledged was lost: the 50 registrations are all there.
    const versions = (await collect(account.iterateModels({ name: 'shared-name' }))).map((m) => m.version);
    assert.deepEqual(versions.sort((x, y) => x - y), Array.from({ length: 50 }, (_, i) => i + 1));

    // Restarted, it joins again: the load balancer sends it calls and it answers them.
    const before = (await nginx.answeredBy()).length;
    victim.process = await start(victim);
    for (let i = 0; i < 300; i++) {
      const answers = (await nginx.answeredBy()).slice(before);
      if (answers.some((a) => a.upstream === upstreamOf(victim) && a.status === 200)) return;
      await scoreOnce(scoringUri, key);
      await sleep(20);
    }
    assert.fail('the restarted instance never answered through the load balancer');
  });
});
