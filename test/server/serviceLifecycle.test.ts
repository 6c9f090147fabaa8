import * as assert from 'node:assert/strict';
import * as os from 'node:os';
import type { ModelbayApiError } from '../../src/api/client';
import { behaviourDriver, buildImage, deployDriver, score } from './helpers/deploy';
import { makeDataDir, startServiceProcess, type ServiceProcess } from './helpers/serviceProcess';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const cluster = { id: 'local', type: 'Cluster' as const };

describe('service lifecycle', () => {
  let service: ServiceProcess;
  before(async () => {
    service = await startServiceProcess();
  });
  after(async () => {
    await service?.stop();
  });

  it('creates with 202 + Operation-Location, refuses a duplicate name with 409, lists and filters', async () => {
    const image = await buildImage(service.account, 'life', 'Node', { 'score.js': behaviourDriver('v1') }, { driver: 'score.js' });
    const accepted = await service.account.services.create({ name: 'life', imageId: image.id, computeResource: cluster });
    assert.match(accepted.operationLocation, /\/operations\/[0-9a-f-]+\?api-version=2017-09-01-preview$/);
    assert.equal(accepted.operation.operationType, 'Service');
    await assert.rejects(service.account.services.create({ name: 'life', imageId: image.id, computeResource: cluster }), (e: ModelbayApiError) => e.statusCode === 409 && e.code === 'ServiceExists');
    const done = await service.account.waitForOperation(accepted.operationLocation, { intervalMs: 20 });
    assert.equal(done.state, 'Succeeded');
    const listed = await service.account.services.list({ serviceName: 'life' });
    assert.equal(listed.value.length, 1);
    assert.equal(listed.value[0]!.state, 'Succeeded');
    assert.equal((await service.account.services.list({ imageId: image.id })).value.length, 1);
    assert.equal((await service.account.services.list({ manifestName: 'life' })).value.length, 1);
    assert.equal((await service.account.services.list({ modelName: 'life' })).value.length, 1);
    assert.equal((await service.account.services.list({ modelName: 'nope' })).value.length, 0);
  });

  it('validates settings: numReplicas with an enabled autoscaler, unbuilt images, bad quantities, reservations the machine cannot meet', async () => {
    const image = await buildImage(service.account, 'rules', 'Node', { 'score.js': behaviourDriver('v1') }, { driver: 'score.js' });
    const base = { name: 'rules', imageId: image.id, computeResource: cluster };
    const bad: [object, string, RegExp][] = [
      [{ numReplicas: 2, autoScaler: { autoscaleEnabled: true, maxReplicas: 3 } }, 'ConflictingScale', /numReplicas cannot be set together/],
      [{ autoScaler: { autoscaleEnabled: true, minReplicas: 4, maxReplicas: 2 } }, 'InvalidAutoScaler', /minReplicas \(4\) is more than maxReplicas \(2\)/],
      [{ containerResourceReservation: { cpu: 'fast' } }, 'InvalidQuantity', /cpu 'fast'/],
      [{ imageId: 'missing' }, 'ImageNotFound', /missing/],
      [{ maxConcurrentRequestsPerContainer: 0 }, 'InvalidRequest', /maxConcurrentRequestsPerContainer must be >= 1/],
      [{ autoScaler: { autoscaleEnabled: true, targetUtilization: 150 } }, 'InvalidRequest', /targetUtilization must be <= 100/],
      [{ containerResourceReservation: { memory: '999Ti' } }, 'ReservationCannotBeMet', /memory asks 999Ti per replica; this machine has [\d.]+ GiB in all/],
      [{ numReplicas: 16, containerResourceReservation: { memory: `${Math.ceil(os.totalmem() / 2 ** 30 / 8)}Gi` } }, 'ReservationCannotBeMet', /for each of up to 16 replicas/],
      [{ containerResourceReservation: { cpu: String(os.availableParallelism() + 1) } }, 'ReservationCannotBeMet', /cores per replica; this machine has \d+/],
    ];
    for (const [extra, code, reason] of bad) {
      await assert.rejects(service.account.services.create({ ...base, ...extra }), (e: ModelbayApiError) => e.statusCode === 400 && e.code === code && reason.test(e.message), JSON.stringify(extra));
    }
    assert.equal((await service.account.services.list({ serviceName: 'rules' })).value.length, 0, 'nothing was stored');
  });

  it('records a deployment per create and update, expiring the previous one, and scales with PUT', async () => {
    const d = await deployDriver(service.account, 'history', behaviourDriver('v1'));
    const scaled = await service.account.services.updateAndWait(d.service.id, { numReplicas: 3 }, { intervalMs: 20 });
    assert.equal(scaled.numReplicas, 3);
    assert.equal(scaled.readyReplicas, 3);
    const deployments = await service.account.services.deployments(d.service.id);
    assert.equal(deployments.length, 2);
    const [latest, first] = deployments;
    assert.equal(latest!.status, 'Succeeded');
    assert.equal(latest!.expiredAt, undefined);
    assert.ok(first!.expiredAt, 'the previous deployment expired');
    assert.deepEqual(await service.account.services.deployment(first!.id), first);
    const auto = await service.account.services.updateAndWait(d.service.id, { autoScaler: { autoscaleEnabled: true, minReplicas: 1, maxReplicas: 2 } }, { intervalMs: 20 });
    assert.equal(auto.numReplicas, undefined, 'enabling the autoscaler drops numReplicas');
    assert.equal(auto.readyReplicas, 1);
    await assert.rejects(service.account.services.update('no-such-service', { numReplicas: 1 }), (e: ModelbayApiError) => e.statusCode === 404 && e.code === 'ServiceNotFound');
  });

  it('fails a deployment whose driver cannot load, with the reason', async () => {
    const image = await buildImage(service.account, 'broken', 'Node', { 'score.js': 'throw new Error("cannot load weights.bin")' }, { driver: 'score.js' });
    await assert.rejects(
      service.account.services.createAndWait({ name: 'broken', imageId: image.id, computeResource: cluster }, { intervalMs: 20 }),
      (e: { error?: { message: string } }) => /cannot load weights\.bin/.test(e.error?.message ?? ''),
    );
    const broken = (await service.account.services.list({ serviceName: 'broken' })).value[0]!;
    assert.equal(broken.state, 'Failed');
    assert.match(broken.error!.message, /cannot load weights\.bin/);
    assert.equal(broken.scoringUri, undefined);
  });

  it('deletes with 200, then 204, and the endpoint stops answering', async () => {
    const d = await deployDriver(service.account, 'doomed', behaviourDriver('v1'));
    assert.equal(await service.account.services.delete(d.service.id), true);
    assert.equal(await service.account.services.delete(d.service.id), false);
    assert.equal((await score(d.endpoint.scoringUri, d.keys.primaryKey, {})).status, 404);
    const deployments = await service.account.services.deployments(d.service.id);
    assert.ok(deployments.every((x) => x.expiredAt), 'its deployments stay as expired history');
  });
});

describe('services across restarts', () => {
  it('brings running services back after a restart, and never leaves a SIGKILLed deployment Running', async () => {
    const dataDir = await makeDataDir('svc-restart');
    let service: ServiceProcess = await startServiceProcess({ dataDir });
    const running = await deployDriver(service.account, 'survivor', behaviourDriver('v1'));
    const image = await buildImage(service.account, 'midway', 'Python', { 'score.py': 'import time\ndef init():\n    time.sleep(1.5)\ndef run(raw):\n    return raw\n' }, { driver: 'score.py' });
    const { operation } = await service.account.services.create({ name: 'midway', imageId: image.id, computeResource: cluster });
    for (let i = 0; i < 100 && (await service.account.getOperation(operation.id)).state !== 'Running'; i++) await sleep(10);
    await service.stop('SIGKILL');

    service = await startServiceProcess({ dataDir });
    try {
      const final = await service.account.waitForOperation(`${service.url}${service.account.basePath}/operations/${operation.id}`, { intervalMs: 50, timeoutMs: 30_000 }).catch((e: { state: string; error?: { message: string } }) => e);
      const midway = (await service.account.services.list({ serviceName: 'midway' })).value[0]!;
      if ('state' in final && final.state === 'Succeeded') assert.equal(midway.state, 'Succeeded');
      else assert.ok(midway.state === 'Failed' && midway.error?.message, 'Failed with a reason');
      assert.notEqual(midway.state, 'Running');

      // The restarted service listens on another port: the addresses it answers follow it (nothing rewritten here).
      const endpoint = await service.account.services.endpoint(running.service.id, 'default');
      const again = await service.account.services.get(running.service.id);
      for (const address of [endpoint.scoringUri, endpoint.rrsUri, again.scoringUri]) assert.ok(address?.startsWith(`${service.url}/`), `${address} is on ${service.url}`);
      assert.notEqual(endpoint.scoringUri, running.endpoint.scoringUri, 'the first run answered another port');
      let restored;
      for (let i = 0; i < 50; i++) {
        restored = await score(endpoint.scoringUri, running.keys.primaryKey, { back: true });
        if (restored.status === 200) break;
        await sleep(100);
      }
      assert.equal(restored?.status, 200, 'the running service answers again with its old key');
    } finally {
      await service.stop();
    }
  });
});
