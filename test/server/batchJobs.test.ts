import * as assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { API_VERSION } from '../../src/api/apiVersion';
import type { Image, JobStatus } from '../../src/api/schemas';
import { DEV_ACCOUNT, DEV_KEY, startAzurite, type Azurite } from './helpers/azurite';
import { bes, download, pollJob, submitAndStart, type ClassicError } from './helpers/besCalls';
import { classicJobsUrl, deployJobDrivers, downloadOutput, expectedHashingCsv, jobsUrl, writeStorageConfig } from './helpers/batchFixtures';
import { buildImage, deployImage, sampleFile, type Deployed } from './helpers/deploy';
import { makeDataDir, startServiceProcess, type ServiceProcess } from './helpers/serviceProcess';

const FAKE_DNS = path.resolve(__dirname, 'helpers/fakeAzureDns.js');
const BES_SAMPLE = path.resolve(__dirname, '../../samples/bes-client/bes_client.py');

function hasPython(): boolean {
  try {
    execFileSync('python3', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Texts a CSV must carry through intact: quotes, commas and a line break inside a cell, non-ASCII, an empty cell. */
const TEXTS = ['This is a good day', 'Hello, "world"\nsecond line', 'naïve café, R2-D2', '', 'day day day'];
const csvOf = (header: string, values: string[]) => `\uFEFF${header}\r\n${values.map((v) => `"${v.replace(/"/g, '""')}"`).join('\r\n')}\r\n`;

/** A TCP server that counts the connections made to it (none must be, for a refused location). */
async function connectionCounter(): Promise<{ port: number; count: () => number; close: () => Promise<void> }> {
  let connections = 0;
  const server = net.createServer((socket) => {
    connections++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as net.AddressInfo).port, count: () => connections, close: () => new Promise((r) => server.close(() => r())) };
}

describe('batch jobs (BES)', function () {
  this.timeout(300_000);
  let azurite: Azurite;
  let service: ServiceProcess;
  let hashing: Deployed;
  let doubling: Deployed;
  let doublingImage: Image;

  before(async () => {
    azurite = await startAzurite();
    const dataDir = await makeDataDir('bes');
    await writeStorageConfig(dataDir, [azurite.accountUrl]);
    service = await startServiceProcess({ dataDir, env: { NODE_OPTIONS: `--require "${FAKE_DNS}"` } });
    ({ hashing, doubling, doublingImage } = await deployJobDrivers(service.account));
    await azurite.service.getContainerClient('bes').createIfNotExists();
  });
  after(async () => {
    await service?.stop();
    await azurite?.stop();
  });

  const upload = async (name: string, text: string) => {
    await azurite.service.getContainerClient('bes').getBlockBlobClient(name).upload(text, Buffer.byteLength(text));
  };
  const inAzurite = (relative: string) => ({ ConnectionString: azurite.connectionString, RelativeLocation: relative });

  it("runs seed 002's flow against Azure Storage: upload, submit, start, poll, download Results", async () => {
    await upload('mydatablob.csv', csvOf('Col2', TEXTS));
    const url = classicJobsUrl(hashing);
    const key = hashing.keys.primaryKey;
    const submitted = await bes<string>('POST', url, key, {
      Input: inAzurite('/bes/mydatablob.csv'),
      Outputs: { output1: inAzurite('/bes/myresultsblob.csv') },
      GlobalParameters: {},
    });
    assert.equal(submitted.status, 200, submitted.text);
    assert.match(submitted.text, /^"[0-9a-f-]{36}"$/, 'the job id as a JSON string, nothing else');
    const jobUrl = `${url}/${submitted.body}`;
    const before = await bes<JobStatus>('GET', jobUrl, key);
    assert.equal(before.body.StatusCode, 'NotStarted');
    assert.equal(before.body.Results, null);

    // Classic clients start with an empty body and no Content-Type (or application/json with an empty body).
    const start = await fetch(`${jobUrl}/start?api-version=2.0`, { method: 'POST', headers: { Authorization: `Bearer ${key}` } });
    assert.equal(start.status, 200, await start.text());
    const done = await pollJob(jobUrl, key);
    assert.equal(done.StatusCode, 'Finished', done.Details ?? '');
    assert.deepEqual(Object.keys(done.Results ?? {}), ['output1']);
    const result = done.Results!.output1!;
    assert.equal(result.ConnectionString, null);
    assert.equal(result.BaseLocation, azurite.accountUrl);
    assert.equal(result.RelativeLocation, '/bes/myresultsblob.csv');
    assert.match(result.SasBlobToken, /^\?.*sig=/);
    assert.equal(await downloadOutput(done), expectedHashingCsv(TEXTS));
    assert.equal(done.RowsDone, TEXTS.length);
    assert.equal(done.RowsTotal, TEXTS.length);
    assert.ok(done.StartedAt && done.EndedAt && done.CreatedAt <= done.StartedAt && done.StartedAt <= done.EndedAt);
    const tampered = await download(result.BaseLocation + result.RelativeLocation + result.SasBlobToken.replace(/sig=[^&]+/, 'sig=AAAA'));
    assert.equal(tampered.status, 403, 'the link works only as signed');

    assert.equal((await bes('DELETE', jobUrl, key)).status, 200, 'a finished job is deleted with 200');
    const gone = await bes<ClassicError>('GET', jobUrl, key);
    assert.equal(gone.status, 404);
    assert.equal(gone.body.error.code, 'JobNotFound');
  });

  it("runs seed 002's Python BES sample, ported to Python 3, against the service", async function () {
    if (!hasPython()) return this.skip();
    const folder = await fs.mkdtemp(path.join(os.tmpdir(), 'modelbay-bes-py-'));
    const inputFile = path.join(folder, 'mydata.csv');
    const outputFile = path.join(folder, 'myresults.csv');
    await fs.writeFile(inputFile, csvOf('Col2', TEXTS));
    const workspace = /workspaces\/([^/]+)\//.exec(hashing.endpoint.rrsUri)![1]!;
    const { stdout } = await promisify(execFile)('python3', [BES_SAMPLE], {
      env: {
        ...process.env,
        MODELBAY_URL: service.url,
        WORKSPACE: workspace,
        SERVICE: hashing.endpoint.id,
        API_KEY: hashing.keys.primaryKey,
        STORAGE_ACCOUNT_NAME: DEV_ACCOUNT,
        STORAGE_ACCOUNT_KEY: DEV_KEY,
        STORAGE_CONTAINER_NAME: 'bes',
        STORAGE_BLOB_ENDPOINT: azurite.accountUrl,
        INPUT_FILE: inputFile,
        OUTPUT_FILE: outputFile,
      },
      timeout: 120_000,
    });
    assert.match(stdout, /finished!/, stdout);
    assert.equal(await fs.readFile(outputFile, 'utf8'), expectedHashingCsv(TEXTS), stdout);
    await fs.rm(folder, { recursive: true, force: true });
  });

  it('reads an asset of the account and writes outputs as new assets, downloadable with the Results link alone', async () => {
    const tsv = `text\tid\r\n${TEXTS.map((t, i) => `${t.replace(/[\t\r\n]/g, ' ')}\t${i}`).join('\r\n')}\r\n`;
    const asset = await service.account.uploadAsset('texts.tsv', Buffer.from(tsv));
    const jobUrl = await submitAndStart(jobsUrl(hashing), hashing.keys.secondaryKey, { Input: { AssetId: asset.id } });
    const done = await pollJob(jobUrl, hashing.keys.secondaryKey);
    assert.equal(done.StatusCode, 'Finished', done.Details ?? '');
    const link = done.Results!.output1!;
    assert.equal(link.BaseLocation, `${service.url}/downloads/local/local/default`);
    assert.match(link.RelativeLocation, new RegExp(`^/[0-9a-f-]{36}/${done.Id}-output1\\.tsv$`));
    assert.match(link.SasBlobToken, /^\?sp=r&se=\d+&sig=/);
    const texts = TEXTS.map((t) => t.replace(/[\t\r\n]/g, ' '));
    assert.equal(await downloadOutput(done), expectedHashingCsv(texts, '\t'));
    // The same output, through the management API, is an asset like any other.
    const assetId = link.RelativeLocation.split('/')[1]!;
    const response = await fetch(`${service.url}${service.account.basePath}/assets/${assetId}?api-version=${API_VERSION}`, { headers: { Authorization: `Bearer ${service.token}` } });
    assert.equal(response.status, 200);
  });

  it('takes several inputs as an Inputs map: batch N of each goes to the driver in one call', async () => {
    const first = await service.account.uploadAsset('first.csv', Buffer.from('n\r\n1\r\n2\r\n3\r\n'));
    await upload('second.csv', 'm\r\nx\r\n');
    const key = doubling.keys.primaryKey;
    const jobUrl = await submitAndStart(jobsUrl(doubling), key, {
      Inputs: { input1: { AssetId: first.id }, input2: inAzurite('bes/second.csv') },
      Outputs: { output1: {} },
    });
    const done = await pollJob(jobUrl, key);
    assert.equal(done.StatusCode, 'Finished', done.Details ?? '');
    assert.equal(done.RowsTotal, 3, 'the longest input counts');
    assert.equal(await downloadOutput(done), 'n,twice\r\n1,2\r\n2,4\r\n3,6\r\n');
  });

  it("scores the ONNX sample's iris.csv: numbers reach the model as numbers", async () => {
    const model = await sampleFile('onnx-classifier/iris-classifier.onnx');
    const image = await buildImage(service.account, 'iris', 'Onnx', {}, { model: { file: 'iris-classifier.onnx', content: model } });
    const iris = await deployImage(service.account, image, 'iris');
    const asset = await service.account.uploadAsset('iris.csv', await sampleFile('onnx-classifier/iris.csv'));
    const jobUrl = await submitAndStart(jobsUrl(iris), iris.keys.primaryKey, { Input: { AssetId: asset.id } });
    const done = await pollJob(jobUrl, iris.keys.primaryKey);
    assert.equal(done.StatusCode, 'Finished', done.Details ?? '');
    const lines = (await downloadOutput(done)).trimEnd().split('\r\n');
    const rows = (await sampleFile('onnx-classifier/iris.csv')).toString('utf8').trim().split(/\r?\n/).length - 1;
    assert.equal(lines.length, rows + 1, lines.join('\n'));
    assert.equal(done.RowsTotal, rows);
    assert.equal(lines[0], 'probabilities.0,probabilities.1,probabilities.2,label');
    const [setosa, virginica] = [lines[1]!.split(','), lines[2]!.split(',')];
    assert.equal(setosa[3], '0');
    assert.ok(Math.abs(Number(setosa[0]) - 0.9398) < 1e-4, lines[1]); // samples/onnx-classifier/expected.json
    assert.equal(virginica[3], '2');
  });

  it('answers every classic error in the classic shape', async () => {
    const url = jobsUrl(doubling);
    const key = doubling.keys.primaryKey;
    await upload('numbers.csv', 'n\r\n1\r\n');
    const cases: [string, unknown, number, string, RegExp?][] = [
      ['no input', { Outputs: {} }, 400, 'BatchJobInputsNotSpecified'],
      ['empty body', '', 400, 'BatchJobInputsNotSpecified'],
      ['both Input and Inputs', { Input: inAzurite('bes/numbers.csv'), Inputs: { input1: inAzurite('bes/numbers.csv') } }, 400, 'DuplicateInputInBatchCall'],
      ['no RelativeLocation', { Input: { ConnectionString: azurite.connectionString } }, 400, 'MissingInputBlobInformation', /RelativeLocation is missing/],
      ['nothing at all', { Input: {} }, 400, 'MissingInputBlobInformation'],
      ['absent blob', { Input: inAzurite('bes/absent.csv') }, 400, 'BlobNotFound', /bes\/absent\.csv/],
      ['absent asset', { Input: { AssetId: '00000000-0000-4000-8000-000000000000' } }, 400, 'BlobNotFound'],
      ['not a container/blob', { Input: inAzurite('justablob.csv') }, 400, 'InvalidBlob', /container\/blob/],
      ['not CSV or TSV', { Input: inAzurite('bes/model.onnx') }, 400, 'InvalidBlob', /CSV or TSV/],
      ['unreadable connection string', { Input: { ConnectionString: 'not=a;connection', RelativeLocation: 'bes/numbers.csv' } }, 400, 'InvalidBlob', /ConnectionString/],
      ['an asset as output', { Input: inAzurite('bes/numbers.csv'), Outputs: { output1: { AssetId: 'x' } } }, 400, 'InvalidBlob', /output cannot be an existing asset/],
      ['not JSON', '{"Input": ', 400, 'BadArgument'],
    ];
    for (const [label, body, status, code, message] of cases) {
      const answer = await bes<ClassicError>('POST', url, key, body);
      assert.equal(answer.status, status, `${label}: ${answer.text}`);
      assert.equal(answer.body.error.code, code, `${label}: ${answer.text}`);
      assert.equal(answer.body.error.details[0]!.code, code, label);
      if (message) assert.match(answer.body.error.message, message, label);
    }
    const unknown = `${url}/00000000-0000-4000-8000-000000000000`;
    for (const [method, suffix] of [['GET', ''], ['DELETE', ''], ['POST', '/start']] as const) {
      const answer = await bes<ClassicError>(method, unknown + suffix, key);
      assert.equal(answer.status, 404, `${method} ${suffix}`);
      assert.equal(answer.body.error.code, 'JobNotFound');
    }
    for (const wrong of [undefined, 'not-the-key', hashing.keys.primaryKey]) {
      const answer = await bes<ClassicError>('POST', url, wrong, { Input: inAzurite('bes/numbers.csv') });
      assert.equal(answer.status, 401, String(wrong));
      assert.match(answer.body.error.code, /MissingKeys|ScoreRequestUnauthorized/);
      assert.equal((await bes('GET', url, wrong)).status, 401);
    }
    const unread = await bes<ClassicError>('POST', url, 'not-the-key', '{"Input": ');
    assert.equal(unread.status, 401, 'the key is checked before the body is read');
    const otherWorkspace = classicJobsUrl(doubling).replace(/workspaces\/[^/]+/, 'workspaces/0123');
    assert.equal((await bes('GET', otherWorkspace, key)).status, 404, 'the classic address checks the workspace');
  });

  it('starts a job once: a second start is CannotStartJob naming the state', async () => {
    await upload('two.csv', 'n\r\n1\r\n2\r\n');
    const key = doubling.keys.primaryKey;
    const jobUrl = await submitAndStart(jobsUrl(doubling), key, { Input: inAzurite('bes/two.csv') });
    const done = await pollJob(jobUrl, key);
    assert.equal(done.StatusCode, 'Finished', done.Details ?? '');
    assert.equal(await downloadOutput(done), 'n,twice\r\n1,2\r\n2,4\r\n');
    const again = await bes<ClassicError>('POST', `${jobUrl}/start`, key, '', { 'Content-Type': 'application/json' });
    assert.equal(again.status, 400);
    assert.equal(again.body.error.code, 'CannotStartJob');
    assert.equal(again.body.error.message, 'The job cannot be started because it is in Finished state.');
  });

  it('fails a job with Details naming the row, the column and the driver message; no output is written', async () => {
    const rows = Array.from({ length: 1200 }, (_, i) => (i === 1036 ? 'eleven' : String(i)));
    await upload('bad.csv', `n\r\n${rows.join('\r\n')}\r\n`);
    const key = doubling.keys.primaryKey;
    const jobUrl = await submitAndStart(jobsUrl(doubling), key, { Input: inAzurite('bes/bad.csv'), Outputs: { output1: inAzurite('bes/bad-out.csv') } });
    const done = await pollJob(jobUrl, key);
    assert.equal(done.StatusCode, 'Failed');
    assert.equal(done.Results, null);
    assert.match(done.Details!, /^Row 1037 of input1, column 'n': .*not a number: "eleven"/);
    assert.equal(await azurite.service.getContainerClient('bes').getBlockBlobClient('bad-out.csv').exists(), false);
  });

  it("halves batches that run past the service's time limit instead of failing the job", async () => {
    const strict = await deployImage(service.account, doublingImage, 'strict', { scoringTimeoutMs: 500 });
    await upload('slow.csv', `n\r\n${Array.from({ length: 40 }, (_, i) => i).join('\r\n')}\r\n`);
    const key = strict.keys.primaryKey;
    // 40 rows at 30 ms each take 1.2 s in one call: over the 500 ms limit until the batches are 16 rows or fewer.
    const jobUrl = await submitAndStart(jobsUrl(strict), key, { Input: inAzurite('bes/slow.csv'), GlobalParameters: { delayPerRowMs: 30 } });
    const done = await pollJob(jobUrl, key);
    assert.equal(done.StatusCode, 'Finished', done.Details ?? '');
    const expected = Array.from({ length: 40 }, (_, i) => `${i},${i * 2}\r\n`).join('');
    assert.equal(await downloadOutput(done), `n,twice\r\n${expected}`);
  });

  it('cancels a running job on DELETE: it stops, is gone, and writes no output', async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => String(i));
    await upload('long.csv', `n\r\n${rows.join('\r\n')}\r\n`);
    const key = doubling.keys.primaryKey;
    const jobUrl = await submitAndStart(jobsUrl(doubling), key, {
      Input: inAzurite('bes/long.csv'),
      Outputs: { output1: inAzurite('bes/long-out.csv') },
      GlobalParameters: { delayMs: 100 },
    });
    const running = await pollJob(jobUrl, key, (s) => s.RowsDone > 0 || s.StatusCode !== 'Running');
    assert.equal(running.StatusCode, 'Running');
    assert.equal((await bes('DELETE', jobUrl, key)).status, 200);
    assert.equal((await bes('GET', jobUrl, key)).status, 404);
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(await azurite.service.getContainerClient('bes').getBlockBlobClient('long-out.csv').exists(), false);
  });

  it('lists an endpoint’s jobs newest first, paged with $skipToken and nextLink', async () => {
    const key = doubling.keys.primaryKey;
    await upload('one.csv', 'n\r\n1\r\n');
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await bes<string>('POST', jobsUrl(doubling), key, { Input: inAzurite('bes/one.csv') })).body);
    const first = await bes<{ value: JobStatus[]; nextLink?: string }>('GET', `${jobsUrl(doubling)}?count=2`, key);
    assert.equal(first.status, 200, first.text);
    assert.deepEqual(first.body.value.map((j) => j.Id), [ids[2], ids[1]]);
    assert.ok(new URL(first.body.nextLink!).searchParams.has('$skipToken'));
    const second = await bes<{ value: JobStatus[]; nextLink?: string }>('GET', first.body.nextLink!, key);
    assert.equal(second.body.value[0]!.Id, ids[0]);
    assert.ok(second.body.value.every((j) => j.EndpointId === doubling.endpoint.id));
    const none = await bes<{ value: JobStatus[] }>('GET', jobsUrl(hashing), hashing.keys.primaryKey);
    assert.ok(!none.body.value.some((j) => ids.includes(j.Id)), 'another endpoint lists only its own jobs');
  });

  it('refuses storage outside the allow-list, and storage that resolves to a loopback address, without connecting', async () => {
    const counter = await connectionCounter();
    try {
      const key = doubling.keys.primaryKey;
      const elsewhere = `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${'A'.repeat(88)};BlobEndpoint=http://127.0.0.1:${counter.port}/devstoreaccount1;`;
      const outside = await bes<ClassicError>('POST', jobsUrl(doubling), key, { Input: { ConnectionString: elsewhere, RelativeLocation: 'bes/numbers.csv' } });
      assert.equal(outside.status, 400, outside.text);
      assert.equal(outside.body.error.code, 'StorageLocationNotAllowed');
      assert.match(outside.body.error.message, /allowedStorageUrlPrefixes/);
      const asOutput = await bes<ClassicError>('POST', jobsUrl(doubling), key, {
        Input: inAzurite('bes/numbers.csv'),
        Outputs: { output1: { BaseLocation: `http://localhost:${counter.port}/devstoreaccount1`, RelativeLocation: 'bes/out.csv', SasBlobToken: '?sig=x' } },
      });
      assert.equal(asOutput.body.error.code, 'StorageLocationNotAllowed', 'an output location is checked at submit too');
      // An Azure public endpoint name that resolves to 127.0.0.1 (the service runs with a DNS answering so).
      const loopback = await bes<ClassicError>('POST', jobsUrl(doubling), key, {
        Input: { BaseLocation: 'https://modelbaytest.blob.core.windows.net', RelativeLocation: '/bes/numbers.csv', SasBlobToken: '?sv=2020&sig=x' },
      });
      assert.equal(loopback.status, 400, loopback.text);
      assert.equal(loopback.body.error.code, 'StorageLocationNotAllowed');
      assert.match(loopback.body.error.message, /modelbaytest\.blob\.core\.windows\.net resolves to 127\.0\.0\.1/);
      assert.equal(counter.count(), 0, 'no connection was made to a refused location');
    } finally {
      await counter.close();
    }
  });
});
