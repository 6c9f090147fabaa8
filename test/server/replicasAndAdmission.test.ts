import * as assert from 'node:assert/strict';
import { behaviourDriver, buildImage, deployDriver, deployImage, score } from './helpers/deploy';
import { startServiceProcess, type ServiceProcess } from './helpers/serviceProcess';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** How long each call of the admission test holds its slot. */
const SLEEP_MS = 400;

/** A Python driver that prints on every call and can be told to sleep or exit. */
const NOISY_PYTHON = `
import json, sys, time, os
def init():
    print("init says hello on stdout")
def run(raw):
    data = json.loads(raw)
    print("scoring", data, flush=True)
    sys.stdout.write('{"this": "is not the answer"}\\n')
    if data.get("sleep"): time.sleep(data["sleep"])
    if data.get("exit") is not None: os._exit(data["exit"])
    return {"echo": data}
`;

describe('replicas and admission', () => {
  let service: ServiceProcess;
  before(async () => {
    service = await startServiceProcess();
  });
  after(async () => {
    await service?.stop();
  });

  it('refuses exactly the calls over maxConcurrentCalls with 503 RequestThrottled at once; none hangs or is lost', async () => {
    const d = await deployDriver(service.account, 'throttle', behaviourDriver('v1'), { numReplicas: 1, maxConcurrentRequestsPerContainer: 2 });
    const endpoint = await service.account.services.createEndpoint(d.service.id, { name: 'narrow', maxConcurrentCalls: 4 });
    const keys = await service.account.services.endpointKeys(d.service.id, 'narrow');
    // Each call's answer is recorded with the moment it arrived, so the test can tell a refusal given at once from
    // one given after waiting for a slot, and a replica limited to two calls from one that ran all four together.
    const started = Date.now();
    const answers = await Promise.all(
      Array.from({ length: 10 }, async (_, i) => ({ i, ...(await score(endpoint.scoringUri, keys.primaryKey, { sleep: SLEEP_MS, i })), at: Date.now() - started })),
    );
    const ok = answers.filter((a) => a.status === 200);
    const throttled = answers.filter((a) => a.status === 503);
    assert.equal(ok.length, 4, JSON.stringify(answers.map((a) => a.status)));
    assert.equal(throttled.length, 6);
    for (const t of throttled) {
      assert.equal(t.body.error?.code, 'RequestThrottled');
      assert.equal(t.body.error?.details[0]!.code, 'RequestThrottled');
      assert.equal(t.body.error?.message, 'Request was throttled for narrow endpoint. The maximum concurrency for the endpoint is 4');
      assert.ok(Number(t.headers.get('retry-after')) >= 1);
    }
    // At once: every refusal came back before the first admitted call could have finished its sleep.
    const firstAdmittedDone = Math.min(...ok.map((a) => a.at));
    assert.ok(firstAdmittedDone >= SLEEP_MS, `an admitted call came back after ${firstAdmittedDone} ms, before its ${SLEEP_MS} ms sleep`);
    for (const t of throttled) assert.ok(t.at < firstAdmittedDone, `refusal of call ${t.i} came at ${t.at} ms, after an admitted call ended (${firstAdmittedDone} ms)`);
    // Nothing mixed up or lost: each admitted call got its own answer.
    for (const a of ok) assert.deepEqual((a.body.echo as { i: number }).i, a.i);
    // The four admitted calls shared the replica's two slots: two ran, then the other two (two rounds of the sleep).
    const lastAdmittedDone = Math.max(...ok.map((a) => a.at));
    assert.ok(lastAdmittedDone >= 2 * SLEEP_MS, `four calls on two slots ended after ${lastAdmittedDone} ms: they did not wait for a slot`);
    // Afterwards the endpoint admits again.
    assert.equal((await score(endpoint.scoringUri, keys.primaryKey, { again: true })).status, 200);
  });

  it('answers 504 BackendScoreTimeout to a call that runs too long, recycles the replica, and keeps serving', async () => {
    const d = await deployDriver(service.account, 'slowpoke', behaviourDriver('v1'), { scoringTimeoutMs: 300 });
    const slow = await score(d.endpoint.scoringUri, d.keys.primaryKey, { sleep: 60_000 });
    assert.equal(slow.status, 504);
    assert.equal(slow.body.error?.code, 'BackendScoreTimeout');
    let next;
    for (let i = 0; i < 50; i++) {
      next = await score(d.endpoint.scoringUri, d.keys.primaryKey, { hello: 1 });
      if (next.status === 200) break;
      await sleep(100);
    }
    assert.equal(next?.status, 200);
    assert.equal((await service.account.services.get(d.service.id)).state, 'Succeeded');
  });

  it('restarts a replica whose driver exits, and fails the service with the reason when it keeps crashing', async () => {
    const d = await deployDriver(service.account, 'crashy', behaviourDriver('v1'));
    const crashed = await score(d.endpoint.scoringUri, d.keys.primaryKey, { exit: 3 });
    assert.notEqual(crashed.status, 200);
    let back;
    for (let i = 0; i < 50; i++) {
      back = await score(d.endpoint.scoringUri, d.keys.primaryKey, { after: 'crash' });
      if (back.status === 200) break;
      await sleep(100);
    }
    assert.equal(back?.status, 200, 'a new replica answers');
    for (let i = 0; i < 12; i++) {
      await score(d.endpoint.scoringUri, d.keys.primaryKey, { exit: 7 });
      await sleep(150);
      if ((await service.account.services.get(d.service.id)).state === 'Failed') break;
    }
    const failed = await service.account.services.get(d.service.id);
    assert.equal(failed.state, 'Failed');
    assert.equal(failed.error?.code, 'CrashLoop');
    assert.match(failed.error.message, /crashed \d+ times.*exited with code 7/);
    const refused = await score(d.endpoint.scoringUri, d.keys.primaryKey, { hello: 1 });
    assert.equal(refused.status, 503);
    assert.match(refused.body.error!.message, /Failed/);
  });

  it('Python: what the driver prints never corrupts answers; a crashed host is restarted', async () => {
    const image = await buildImage(service.account, 'noisy', 'Python', { 'score.py': NOISY_PYTHON }, { driver: 'score.py' });
    const d = await deployImage(service.account, image, 'noisy', { maxConcurrentRequestsPerContainer: 1 });
    for (let i = 0; i < 10; i++) {
      const r = await score(d.endpoint.scoringUri, d.keys.primaryKey, { i });
      assert.deepEqual(r.body, { echo: { i } });
    }
    assert.notEqual((await score(d.endpoint.scoringUri, d.keys.primaryKey, { exit: 1 })).status, 200);
    let back;
    for (let i = 0; i < 60; i++) {
      back = await score(d.endpoint.scoringUri, d.keys.primaryKey, { i: 'back' });
      if (back.status === 200) break;
      await sleep(100);
    }
    assert.deepEqual(back?.body, { echo: { i: 'back' } });
  });

  it('enforces the memory reservation on a replica and refuses one it cannot parse', async () => {
    const d = await deployDriver(service.account, 'hungry', behaviourDriver('v1'), { containerResourceReservation: { memory: '64Mi' } });
    const greedy = await score(d.endpoint.scoringUri, d.keys.primaryKey, { allocate: 400 });
    assert.notEqual(greedy.status, 200, 'a 64Mi replica cannot hold 400 MB');
    let back;
    for (let i = 0; i < 50; i++) {
      back = await score(d.endpoint.scoringUri, d.keys.primaryKey, { small: true });
      if (back.status === 200) break;
      await sleep(100);
    }
    assert.equal(back?.status, 200);
    await assert.rejects(
      service.account.services.create({ name: 'vague', imageId: d.image.id, computeResource: { id: 'local', type: 'Cluster' }, containerResourceReservation: { memory: 'lots' } }),
      (e: { statusCode: number; message: string }) => e.statusCode === 400 && /memory 'lots' is not a memory quantity/.test(e.message),
    );
  });

  it('autoscaler: adds replicas under load and removes them after', async () => {
    const d = await deployDriver(service.account, 'elastic', behaviourDriver('v1'), {
      autoScaler: { autoscaleEnabled: true, minReplicas: 1, maxReplicas: 3, refreshPeriodInSeconds: 1, targetUtilization: 50 },
      maxConcurrentRequestsPerContainer: 2,
    });
    const endpoint = await service.account.services.createEndpoint(d.service.id, { name: 'wide', maxConcurrentCalls: 50 });
    const keys = await service.account.services.endpointKeys(d.service.id, 'wide');
    assert.equal((await service.account.services.get(d.service.id)).readyReplicas, 1);
    let peak = 1;
    const until = Date.now() + 5_000;
    const worker = async () => {
      while (Date.now() < until) {
        await score(endpoint.scoringUri, keys.primaryKey, { sleep: 150 });
      }
    };
    const watcher = (async () => {
      while (Date.now() < until) {
        peak = Math.max(peak, (await service.account.services.get(d.service.id)).readyReplicas ?? 0);
        await sleep(200);
      }
    })();
    await Promise.all([...Array.from({ length: 8 }, worker), watcher]);
    assert.ok(peak >= 2, `replicas under load peaked at ${peak}`);
    let now = peak;
    for (let i = 0; i < 40 && now > 1; i++) {
      await sleep(250);
      now = (await service.account.services.get(d.service.id)).readyReplicas ?? 0;
    }
    assert.equal(now, 1, 'back to minReplicas when idle');
  });

  it('rolls to a new image with PUT without failing calls in flight', async () => {
    const d = await deployDriver(service.account, 'rolling', behaviourDriver('v1'), { numReplicas: 2 });
    const v2 = await buildImage(service.account, 'rolling-v2', 'Node', { 'score.js': behaviourDriver('v2') }, { driver: 'score.js' });
    const endpoint = await service.account.services.createEndpoint(d.service.id, { name: 'busy', maxConcurrentCalls: 50 });
    const keys = await service.account.services.endpointKeys(d.service.id, 'busy');
    let rolling = true;
    const seen: string[] = [];
    const failures: string[] = [];
    const caller = async () => {
      while (rolling) {
        const r = await score(endpoint.scoringUri, keys.primaryKey, { sleep: 30 });
        if (r.status === 200) seen.push(r.body.version as string);
        else failures.push(`${r.status} ${JSON.stringify(r.body)}`);
      }
    };
    const callers = Array.from({ length: 4 }, caller);
    await sleep(200);
    const updated = await service.account.services.updateAndWait(d.service.id, { imageId: v2.id }, { intervalMs: 25 });
    await sleep(200);
    rolling = false;
    await Promise.all(callers);
    assert.deepEqual(failures, []);
    assert.equal(updated.state, 'Succeeded');
    assert.equal(updated.imageId, v2.id);
    assert.ok(seen.includes('v1') && seen.at(-1) === 'v2', `answers went ${seen[0]} ... ${seen.at(-1)}`);
    assert.ok(seen.lastIndexOf('v1') < seen.indexOf('v2') + 8, 'no v1 answers long after the switch');
  });
});
