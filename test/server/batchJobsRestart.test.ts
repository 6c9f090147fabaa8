import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { JobStatus } from '../../src/api/schemas';
import { startAzurite, type Azurite } from './helpers/azurite';
import { bes, pollJob, submitAndStart } from './helpers/besCalls';
import { deployJobDrivers, jobsUrl, writeStorageConfig } from './helpers/batchFixtures';
import type { Deployed } from './helpers/deploy';
import { makeDataDir, startServiceProcess, type ServiceProcess } from './helpers/serviceProcess';

const ROWS = 20_000;

/** The job's status read again after a restart: the service listens on a new port, the job's path is the same. */
const jobUrlOn = (service: ServiceProcess, jobUrl: string) => `${service.url}${new URL(jobUrl).pathname}`;

describe('batch jobs across SIGKILL', function () {
  this.timeout(300_000);
  let azurite: Azurite;
  let dataDir: string;
  let service: ServiceProcess;
  let doubling: Deployed;

  before(async () => {
    azurite = await startAzurite();
    dataDir = await makeDataDir('bes-kill');
    await writeStorageConfig(dataDir, [azurite.accountUrl]);
    service = await startServiceProcess({ dataDir });
    ({ doubling } = await deployJobDrivers(service.account));
    const container = azurite.service.getContainerClient('kill');
    await container.createIfNotExists();
    const text = `n\r\n${Array.from({ length: ROWS }, (_, i) => String(i)).join('\r\n')}\r\n`;
    await container.getBlockBlobClient('long.csv').upload(text, text.length);
  });
  after(async () => {
    await service?.stop();
    await azurite?.stop();
  });

  const output = (name: string) => azurite.service.getContainerClient('kill').getBlockBlobClient(name);
  const request = (out: string) => ({
    Input: { ConnectionString: azurite.connectionString, RelativeLocation: 'kill/long.csv' },
    Outputs: { output1: { ConnectionString: azurite.connectionString, RelativeLocation: `kill/${out}` } },
    GlobalParameters: { delayMs: 60 },
  });
  const key = () => doubling.keys.primaryKey;

  /** Waits until the job has scored rows, kills the service, checks no output exists, and starts it again. */
  async function killWhileRunning(jobUrl: string, out: string): Promise<void> {
    const running = await pollJob(jobUrlOn(service, jobUrl), key(), (s) => s.RowsDone > 0 || s.StatusCode !== 'Running');
    assert.equal(running.StatusCode, 'Running', JSON.stringify(running));
    assert.equal(await service.stop('SIGKILL'), 'SIGKILL');
    assert.equal(await output(out).exists(), false, 'no half-written output after the kill');
    service = await startServiceProcess({ dataDir });
  }

  it('resumes a job SIGKILL interrupted: it finishes after the restart with its whole output', async () => {
    const jobUrl = await submitAndStart(jobsUrl(doubling), key(), request('resumed.csv'));
    await killWhileRunning(jobUrl, 'resumed.csv');
    const done = await pollJob(jobUrlOn(service, jobUrl), key(), undefined, 180_000);
    assert.equal(done.StatusCode, 'Finished', done.Details ?? '');
    assert.equal(done.RowsDone, ROWS);
    const text = (await output('resumed.csv').downloadToBuffer()).toString('utf8');
    const lines = text.split('\r\n');
    assert.equal(lines.length, ROWS + 2, 'header, every row once, and the final line end');
    assert.equal(lines[0], 'n,twice');
    assert.equal(lines[ROWS], `${ROWS - 1},${(ROWS - 1) * 2}`);
  });

  it('fails a job the service died under three times, with the reason, never leaving it Running', async () => {
    const jobUrl = await submitAndStart(jobUrlOn(service, jobsUrl(doubling)), key(), request('given-up.csv'));
    for (let kill = 0; kill < 3; kill++) await killWhileRunning(jobUrl, 'given-up.csv');
    const final = (await bes<JobStatus>('GET', jobUrlOn(service, jobUrl), key())).body;
    assert.equal(final.StatusCode, 'Failed');
    assert.match(final.Details ?? '', /The service stopped 3 times while this job ran/);
    assert.ok(final.EndedAt);
    assert.equal(await output('given-up.csv').exists(), false);
  });

  it('a job of an instance that died is taken over by another instance once its lease has ended', async () => {
    const jobUrl = await submitAndStart(jobUrlOn(service, jobsUrl(doubling)), key(), request('taken-over.csv'));
    const running = await pollJob(jobUrlOn(service, jobUrl), key(), (s) => s.RowsDone > 0 || s.StatusCode !== 'Running');
    assert.equal(running.StatusCode, 'Running', JSON.stringify(running));
    assert.equal(await service.stop('SIGKILL'), 'SIGKILL');
    const killedAt = Date.now();
    // Another instance on the same store (the data folder under another instance name): it must wait out the lease.
    await fs.writeFile(path.join(dataDir, 'instance-id'), `${randomUUID()}\n`);
    service = await startServiceProcess({ dataDir, env: { MODELBAY_LOG_LEVEL: 'info' } });
    const done = await pollJob(jobUrlOn(service, jobUrl), key(), undefined, 180_000);
    assert.equal(done.StatusCode, 'Finished', done.Details ?? '');
    assert.equal(done.RowsDone, ROWS);
    const line = service.log().split('\n').find((l) => l.includes('resuming a batch job'));
    assert.ok(line, 'the new instance says it took the job over');
    const waited = (JSON.parse(line) as { time: number }).time - killedAt;
    // Renewed every third of the default 15 s lease, the dead instance's lease lasted at least 10 s past its death.
    assert.ok(waited >= 10_000 - 100, `taken over ${waited} ms after the kill, before the lease ended`);
  });
});
