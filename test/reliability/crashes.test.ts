import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createReadStream, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { collect, type AccountClient } from '../../src/api/client';
import type { AsyncOperationStatus, JobStatus, Model } from '../../src/api/schemas';
import { bes, pollJob } from '../server/helpers/besCalls';
import { DOUBLING_JOB_DRIVER } from '../server/helpers/batchFixtures';
import { buildImage, deployImage, type Deployed } from '../server/helpers/deploy';
import { makeDataDir, startServiceProcess, type ServiceProcess } from '../server/helpers/serviceProcess';
import { sleep } from './abuse/rawSockets';
import { printTable } from './table';

// Issue 15, item 4: the service is killed (SIGKILL) at random moments while it registers models, builds images,
// deploys services and runs batch jobs. After each restart, everything it acknowledged is there in a legal state,
// no blob is half written, versions have no gaps, and the work goes on.

const ROUNDS = Number(process.env.MODELBAY_CRASH_ROUNDS ?? (process.env.MODELBAY_RELIABILITY === 'full' ? 50 : 6));
const INPUT_ROWS = 200;
const TERMINAL_OPERATION = new Set(['Succeeded', 'Failed', 'Cancelled']);
const TERMINAL_JOB = new Set(['Finished', 'Failed', 'Cancelled']);

/** What the service answered before it was killed: each was acknowledged, so each must survive. */
interface Acknowledged {
  models: Model[];
  /** Image builds and service creations and deletions: their operation ids. */
  operations: { id: string; what: string }[];
  jobs: { id: string; started: boolean }[];
  services: string[];
}

/** Every blob under the store's sha256 folder hashes to its own name: none is half written. */
async function halfWrittenBlobs(dataDir: string): Promise<string[]> {
  const root = path.join(dataDir, 'blobs', 'sha256');
  const wrong: string[] = [];
  for (const prefix of await fs.readdir(root).catch(() => [] as string[])) {
    for (const name of await fs.readdir(path.join(root, prefix))) {
      const hash = createHash('sha256');
      for await (const chunk of createReadStream(path.join(root, prefix, name))) hash.update(chunk as Buffer);
      if (hash.digest('hex') !== name) wrong.push(name);
    }
  }
  return wrong;
}

async function untilTerminal(account: AccountClient, id: string): Promise<AsyncOperationStatus> {
  for (let i = 0; ; i++) {
    const operation = await account.getOperation(id);
    if (TERMINAL_OPERATION.has(operation.state) || i > 1200) return operation;
    await sleep(100);
  }
}

describe('reliability: SIGKILL at random moments', function () {
  this.timeout(0);
  let dataDir: string;
  let service: ServiceProcess;
  let jobs: Deployed;
  let inputAssetId: string;
  let weightsUrl: string;
  let driverUrl: string;
  const acknowledged: Acknowledged = { models: [], operations: [], jobs: [], services: [] };
  const tally = { kills: 0, models: 0, operations: 0, jobsSubmitted: 0, jobsStarted: 0, operationsInterrupted: 0, jobsInterrupted: 0 };
  const checked = new Set<string>();

  before(async () => {
    dataDir = await makeDataDir('crashes');
    service = await startServiceProcess({ dataDir });
    const image = await buildImage(service.account, 'doubling', 'Node', { 'score.js': DOUBLING_JOB_DRIVER }, { driver: 'score.js' });
    jobs = await deployImage(service.account, image, 'jobs');
    const rows = `n\r\n${Array.from({ length: INPUT_ROWS }, (_v, i) => String(i)).join('\r\n')}\r\n`;
    inputAssetId = (await service.account.uploadAsset('rows.csv', Buffer.from(rows), { mimeType: 'text/csv' })).id;
    weightsUrl = (await service.account.uploadAsset('w.bin', Buffer.alloc(256 * 1024, 3))).url;
    driverUrl = (await service.account.uploadAsset('score.js', Buffer.from(DOUBLING_JOB_DRIVER))).url;
  });
  after(async () => {
    await service?.stop();
  });

  /** The work of one round, until the service dies under it: every answer received is acknowledged. */
  function workload(round: number, account: AccountClient, key: string): Promise<unknown>[] {
    const registrations = (async () => {
      for (let i = 0; ; i++) acknowledged.models.push(await account.registerModel({ name: `crash${i % 4}`, mimeType: 'a/b', url: weightsUrl }));
    })();
    const build = (async () => {
      const model = await account.registerModel({ name: `built${round}`, mimeType: 'application/octet-stream', url: weightsUrl });
      acknowledged.models.push(model);
      const manifest = await account.createManifest({ name: `built${round}`, driverProgram: 'score.js', assets: [{ url: driverUrl }], modelIds: [model.id], targetRuntime: { runtimeType: 'Node', properties: {} } });
      const { operation } = await account.createImage({ name: `built${round}`, manifestId: manifest.id, imageType: 'Docker', computeResourceId: 'local' });
      acknowledged.operations.push({ id: operation.id, what: `image built${round}` });
    })();
    const deploy = (async () => {
      const accepted = await account.services.create({ name: `svc${round}`, imageId: jobs.image.id, computeResource: { id: 'local', type: 'Cluster' } });
      acknowledged.operations.push({ id: accepted.operation.id, what: `service svc${round}` });
      acknowledged.services.push(accepted.operation.resourceLocation!.split('/').pop()!);
      // Two rounds back: deleted, so the services do not pile up.
      const old = acknowledged.services.length > 2 ? acknowledged.services[acknowledged.services.length - 3] : undefined;
      if (old) await account.services.delete(old).catch(() => undefined);
    })();
    const job = (async () => {
      const submitted = await bes<{ JobId?: string } | string>('POST', `${jobs.endpoint.scoringUri}/jobs`, key, { Input: { AssetId: inputAssetId }, GlobalParameters: { delayPerRowMs: 5 } });
      const jobId = typeof submitted.body === 'string' ? submitted.body : submitted.body.JobId;
      if (submitted.status !== 200 || !jobId) return;
      const entry = { id: jobId, started: false };
      acknowledged.jobs.push(entry);
      const started = await bes('POST', `${jobs.endpoint.scoringUri}/jobs/${jobId}/start`, key);
      if (started.status === 200) entry.started = true;
    })();
    return [registrations, build, deploy, job].map((p) => p.catch(() => undefined));
  }

  /** Everything acknowledged is there, in a legal state, and ends; no blob is half written; versions have no gaps. */
  async function checkAfterRestart(account: AccountClient, key: string): Promise<void> {
    const stored = new Map((await collect(account.iterateModels())).map((m) => [m.id, m]));
    for (const model of acknowledged.models) assert.deepEqual(stored.get(model.id), model, `model ${model.name}:${model.version} lost`);
    for (const name of new Set([...stored.values()].map((m) => m.name))) {
      const versions = [...stored.values()].filter((m) => m.name === name).map((m) => m.version).sort((a, b) => a - b);
      assert.deepEqual(versions, versions.map((_v, i) => i + 1), `versions of ${name} have a gap: ${versions.join(',')}`);
    }
    for (const { id, what } of acknowledged.operations) {
      // One the kill caught unfinished: the restarted service resumes or fails it.
      if (!checked.has(id) && !TERMINAL_OPERATION.has((await account.getOperation(id)).state)) tally.operationsInterrupted++;
      checked.add(id);
      const operation = await untilTerminal(account, id);
      assert.ok(TERMINAL_OPERATION.has(operation.state), `${what}: still ${operation.state} long after the restart`);
      if (operation.state === 'Failed') assert.ok(operation.error?.message, `${what} failed without a reason`);
    }
    for (const { id, started } of acknowledged.jobs) {
      if (!checked.has(id) && started && !TERMINAL_JOB.has(((await bes<JobStatus>('GET', `${jobs.endpoint.scoringUri}/jobs/${id}`, key)).body).StatusCode)) tally.jobsInterrupted++;
      checked.add(id);
      const status = started ? await pollJob(`${jobs.endpoint.scoringUri}/jobs/${id}`, key, (s) => TERMINAL_JOB.has(s.StatusCode), 180_000) : ((await bes<JobStatus>('GET', `${jobs.endpoint.scoringUri}/jobs/${id}`, key)).body);
      assert.ok(status.StatusCode !== undefined, `job ${id} lost`);
      if (started) assert.ok(TERMINAL_JOB.has(status.StatusCode), `job ${id}: ${status.StatusCode}`);
      if (status.StatusCode === 'Finished') {
        const output = status.Results?.output1;
        assert.ok(output, `job ${id} finished without its output`);
        const text = await (await fetch(output.BaseLocation + output.RelativeLocation + output.SasBlobToken)).text();
        assert.equal(text.trim().split('\r\n').length, INPUT_ROWS + 1, `job ${id}: its whole output`);
      }
    }
    assert.deepEqual(await halfWrittenBlobs(dataDir), [], 'no half-written blob');
  }

  it(`${ROUNDS} kills during registrations, image builds, deploys and batch jobs lose nothing acknowledged`, async () => {
    for (let round = 1; round <= ROUNDS; round++) {
      const endpoint = await service.account.services.endpoint(jobs.service.id, 'default');
      jobs = { ...jobs, endpoint };
      const work = workload(round, service.account, jobs.keys.primaryKey);
      await sleep(50 + Math.random() * 1_500);
      assert.equal(await service.stop('SIGKILL'), 'SIGKILL');
      tally.kills++;
      await Promise.all(work);
      service = await startServiceProcess({ dataDir });
      jobs = { ...jobs, endpoint: await service.account.services.endpoint(jobs.service.id, 'default') };
      await checkAfterRestart(service.account, jobs.keys.primaryKey);
    }
    tally.models = acknowledged.models.length;
    tally.operations = acknowledged.operations.length;
    tally.jobsSubmitted = acknowledged.jobs.length;
    tally.jobsStarted = acknowledged.jobs.filter((j) => j.started).length;
    // The work goes on: after the last restart a model registers, an image builds and a job runs to its end.
    const model = await service.account.registerModel({ name: 'after', mimeType: 'application/octet-stream', url: weightsUrl });
    const manifest = await service.account.createManifest({ name: 'after', driverProgram: 'score.js', assets: [{ url: driverUrl }], modelIds: [model.id], targetRuntime: { runtimeType: 'Node', properties: {} } });
    const image = await service.account.createImageAndWait({ name: 'after', manifestId: manifest.id, imageType: 'Docker', computeResourceId: 'local' }, { intervalMs: 50 });
    assert.equal(image.creationState, 'Succeeded');
    const submitted = await bes<{ JobId?: string } | string>('POST', `${jobs.endpoint.scoringUri}/jobs`, jobs.keys.primaryKey, { Input: { AssetId: inputAssetId } });
    const jobId = typeof submitted.body === 'string' ? submitted.body : submitted.body.JobId!;
    await bes('POST', `${jobs.endpoint.scoringUri}/jobs/${jobId}/start`, jobs.keys.primaryKey);
    assert.equal((await pollJob(`${jobs.endpoint.scoringUri}/jobs/${jobId}`, jobs.keys.primaryKey)).StatusCode, 'Finished');
    printTable('SIGKILL at random moments (MODELBAY_CRASH_ROUNDS sets how many)', ['what', 'count', 'held'], [
      ['kills (SIGKILL)', tally.kills, 'restarted every time'],
      ['models acknowledged', tally.models, 'all there, unchanged; versions without gaps'],
      ['operations acknowledged (builds, deploys)', tally.operations, `all ended Succeeded or Failed with a reason (${tally.operationsInterrupted} caught unfinished by a kill)`],
      ['batch jobs acknowledged / started', `${tally.jobsSubmitted} / ${tally.jobsStarted}`, `all there; started ones ended, finished ones whole (${tally.jobsInterrupted} caught unfinished)`],
      ['blobs', '-', 'none half written'],
      ['after the last restart', 3, 'a registration, a build and a job succeeded'],
    ]);
  });
});
