import * as assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import type { ContainerClient } from '@azure/storage-blob';
import { API_VERSION } from '../../src/api/apiVersion';
import { BlobTooLargeError } from '../../src/server/blobs/blobStore';
import { uploadInBlocks } from '../../src/server/blobs/blockUpload';
import { DOUBLING_DRIVER } from './helpers/fixtures';
import { DEV_ACCOUNT, DEV_KEY, freePort, startAzurite, type Azurite } from './helpers/azurite';
import { deployDriver, score, type Deployed } from './helpers/deploy';
import { uploadRefusedHalfWay } from './helpers/refusedUpload';
import { makeDataDir, startServiceProcess, type ServiceProcess } from './helpers/serviceProcess';
import { sameStoreArgs } from './helpers/testStore';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function blobNames(container: ContainerClient): Promise<string[]> {
  const names: string[] = [];
  for await (const item of container.listBlobsFlat()) names.push(item.name);
  return names.sort();
}

/** Scores the deployed service on a (restarted) instance until its replicas are up again. */
async function scoreWhenBack(service: ServiceProcess, deployed: Deployed, body: unknown) {
  const endpoint = await service.account.services.endpoint(deployed.service.id, 'default');
  let answer;
  for (let i = 0; i < 100; i++) {
    answer = await score(endpoint.scoringUri, deployed.keys.primaryKey, body);
    if (answer.status === 200) return answer;
    await sleep(100);
  }
  assert.fail(`the service did not answer after the restart: ${JSON.stringify(answer?.body)}\n${service.log()}`);
}

describe('shared blob storage (Azure Blob Storage, Azurite)', function () {
  this.timeout(180_000);
  let azurite: Azurite;
  const started: ServiceProcess[] = [];
  const start = async (...args: Parameters<typeof startServiceProcess>) => {
    const service = await startServiceProcess(...args);
    started.push(service);
    return service;
  };

  before(async () => {
    azurite = await startAzurite();
  });
  afterEach(async () => {
    await Promise.all(started.splice(0).map((s) => s.stop()));
  });
  after(async () => {
    await azurite?.stop();
  });

  it('streams an upload in staged blocks, hashing on the way, and commits nothing of a refused one', async () => {
    const container = azurite.service.getContainerClient('blocks');
    await container.createIfNotExists();
    const bytes = randomBytes(10_500);
    // Chunks that do not line up with the 1000-byte blocks: blocks are cut across them.
    const chunks = [bytes.subarray(0, 1), bytes.subarray(1, 2999), bytes.subarray(2999, 3000), bytes.subarray(3000)];
    const blob = container.getBlockBlobClient('whole');
    const stored = await uploadInBlocks(blob, Readable.from(chunks), bytes.length, 1000);
    assert.deepEqual(stored, { sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length });
    assert.ok((await blob.downloadToBuffer()).equals(bytes));
    assert.equal((await blob.getBlockList('committed')).committedBlocks?.length, 11);

    const empty = container.getBlockBlobClient('empty');
    assert.equal((await uploadInBlocks(empty, Readable.from([]), 10, 1000)).size, 0);
    assert.equal((await empty.getProperties()).contentLength, 0);

    const refused = container.getBlockBlobClient('refused');
    await assert.rejects(uploadInBlocks(refused, Readable.from(chunks), 5000, 1000), BlobTooLargeError);
    assert.equal(await refused.exists(), false, 'blocks staged before the limit are never committed');
  });

  it('refuses to start when the storage does not answer, naming the account and endpoint but never the key', async () => {
    const port = await freePort();
    const unreachable = `DefaultEndpointsProtocol=http;AccountName=${DEV_ACCOUNT};AccountKey=${DEV_KEY};BlobEndpoint=http://127.0.0.1:${port}/${DEV_ACCOUNT};`;
    const began = Date.now();
    const error = await startServiceProcess({ args: ['--blobs', unreachable] }).then(
      (): Error => assert.fail('the service started without its blob storage'),
      (e: Error) => e,
    );
    assert.match(error.message, new RegExp(`Cannot use Azure Blob Storage account '${DEV_ACCOUNT}' at http://127\\.0\\.0\\.1:${port}/${DEV_ACCOUNT}/modelbay`));
    assert.ok(!error.message.includes(DEV_KEY), 'the account key is not printed');
    assert.ok(Date.now() - began < 20_000, 'it fails within seconds');
  });

  it('keeps assets and images in the container, and an instance fetches (and checks) its image cache from it', async () => {
    const dataDir = await makeDataDir('azure-blobs');
    let service = await start({ dataDir, args: ['--blobs', azurite.connectionString, '--blobs-container', 'team-bytes'] });
    const container = azurite.service.getContainerClient('team-bytes');
    assert.ok(await container.exists(), 'the container is created at start');

    // An asset larger than one 8 MiB block, streamed in staged blocks: stored under its sha256, read back whole.
    const bytes = randomBytes(9 * 1024 * 1024 + 123);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const asset = await service.account.uploadAsset('weights.bin', bytes);
    assert.equal(asset.sha256, sha256);
    assert.equal(asset.size, bytes.length);
    assert.ok((await service.account.downloadAsset(asset.id)).equals(bytes), 'the asset reads back whole');

    const deployed = await deployDriver(service.account, 'doubler', DOUBLING_DRIVER);
    const first = await score(deployed.endpoint.scoringUri, deployed.keys.primaryKey, { data: [1, 2, 3] });
    assert.equal(first.status, 200);
    assert.deepEqual(first.body, { result: [2, 4, 6] });

    const digest = deployed.image.imageLocation!.replace(/^sha256:/, '');
    const names = await blobNames(container);
    assert.ok(names.includes(`assets/sha256/${sha256}`), `the asset is in the container: ${names.join(', ')}`);
    assert.ok(names.includes(`images/sha256/${digest}.tar`), 'the image is one archive named by its digest');
    assert.deepEqual(names.filter((n) => n.startsWith('uploads/')), [], 'no upload is left half-way');
    assert.deepEqual(await fs.readdir(path.join(dataDir, 'blobs')), ['downloads'], 'no asset bytes in the data folder');
    const cached = path.join(dataDir, 'images', 'store', digest);
    assert.ok((await fs.stat(path.join(cached, 'modelbay-image.json'))).isFile(), 'the builder keeps its image in its cache');

    // As a new instance that never built the image: no cache at all; the image comes from the container.
    // (From here on the connection string comes from config.json instead of the command line.)
    await service.stop();
    await fs.writeFile(path.join(dataDir, 'config.json'), JSON.stringify({ blobs: azurite.connectionString, blobsContainer: 'team-bytes' }));
    await fs.rm(path.join(dataDir, 'images', 'store'), { recursive: true, force: true });
    await fs.mkdir(path.join(dataDir, 'images', 'store'));
    service = await start({ dataDir });
    assert.deepEqual((await scoreWhenBack(service, deployed, { data: [5] })).body, { result: [10] });
    assert.ok((await fs.stat(path.join(cached, 'modelbay-image.json'))).isFile(), 'the fetched image is in the cache');

    // A cache entry that no longer matches its digest is fetched again, not run.
    await service.stop();
    const driver = path.join(cached, 'app', 'score.js');
    await fs.chmod(driver, 0o644);
    await fs.writeFile(driver, 'exports.init = () => {};\nexports.run = async () => ({ tampered: true });\n');
    service = await start({ dataDir });
    assert.deepEqual((await scoreWhenBack(service, deployed, { data: [7] })).body, { result: [14] });
    assert.match(service.log(), /the cached image does not match its digest; fetching it again/);
    assert.equal(await fs.readFile(driver, 'utf8'), DOUBLING_DRIVER, 'the cache holds the built driver again');
    assert.deepEqual(await fs.readdir(path.join(dataDir, 'images', 'staging')), [], 'no partial download is left');

    // A second instance on another data folder at the same time, sharing the blob storage. (Its store is a copy of
    // the first one's, taken while that was stopped: two processes cannot share one SQLite file; on PostgreSQL it is
    // the first one's database.)
    await service.stop();
    const otherDir = await makeDataDir('azure-second');
    for (const file of await fs.readdir(dataDir)) {
      if (file.startsWith('modelbay.sqlite') || file === 'config.json') await fs.copyFile(path.join(dataDir, file), path.join(otherDir, file));
    }
    const [again, second] = await Promise.all([start({ dataDir }), start({ dataDir: otherDir, args: await sameStoreArgs(dataDir) })]);
    assert.deepEqual((await scoreWhenBack(second, deployed, { data: [4] })).body, { result: [8] }, 'the second instance scores');
    assert.deepEqual((await scoreWhenBack(again, deployed, { data: [3] })).body, { result: [6] }, 'the first one too, at the same time');
    assert.ok((await fs.stat(path.join(otherDir, 'images', 'store', digest, 'modelbay-image.json'))).isFile(), 'fetched into its own cache');
    assert.ok((await second.account.downloadAsset(asset.id)).equals(bytes), 'the asset reads back whole on the second instance');
  });

  it('keeps nothing of an upload refused half-way, and says clearly when a record\'s bytes are gone', async () => {
    const dataDir = await makeDataDir('azure-missing');
    await fs.writeFile(path.join(dataDir, 'config.json'), JSON.stringify({ blobs: azurite.connectionString, maxAssetBytes: 12 * 1024 * 1024 }));
    const service = await start({ dataDir });
    const container = azurite.service.getContainerClient('modelbay');
    const before = await blobNames(container);

    // Sent without a length, so the limit is only found after blocks were staged: no blob may appear.
    const chunks = Array.from({ length: 20 }, () => randomBytes(1024 * 1024));
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = chunks.shift();
        if (next) controller.enqueue(next);
        else controller.close();
      },
    });
    const refused = await fetch(`${service.url}${service.account.basePath}/assets?name=big.bin&api-version=${API_VERSION}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${service.token}`, 'Content-Type': 'application/octet-stream' },
      body,
      duplex: 'half',
    } as RequestInit).catch((error: Error) => error);
    // The service may answer 413 while the client is still sending: then the client sees the connection end instead.
    if (!(refused instanceof Error)) assert.equal(refused.status, 413, await refused.text());
    assert.deepEqual(await blobNames(container), before, 'the refused upload left no blob');
    // The same refusal on a raw socket: the connection answers the client's next request or ends (the CI failure:
    // it stayed open and silent, and a keep-alive client's next call on it waited forever).
    const halfWay = await uploadRefusedHalfWay(service, 1024 * 1024);
    assert.match(halfWay.text, /^HTTP\/1\.1 413/);
    if (halfWay.ended) assert.match(halfWay.text, /^connection: close/im, 'the refusal says the connection closes');
    else assert.match(halfWay.text, /HTTP\/1\.1 404/);

    // The record stays, its bytes are deleted behind the service's back: a 500 that names the blob, and a log line.
    const asset = await service.account.uploadAsset('lost.bin', Buffer.from('soon gone'));
    await container.deleteBlob(`assets/sha256/${asset.sha256}`);
    const answer = await fetch(`${service.url}${service.account.basePath}/assets/${asset.id}?api-version=${API_VERSION}`, {
      headers: { Authorization: `Bearer ${service.token}` },
      signal: AbortSignal.timeout(15_000),
    });
    assert.equal(answer.status, 500);
    const error = (await answer.json()) as { code: string; message: string };
    assert.equal(error.code, 'BlobMissing');
    assert.match(error.message, new RegExp(asset.sha256));
    for (let i = 0; i < 20 && !service.log().includes(asset.sha256); i++) await sleep(50);
    assert.match(service.log(), new RegExp(`missing from the blob store.*${asset.sha256}|${asset.sha256}.*missing`));

    // An image build citing it fails with the reason, instead of waiting on bytes that will never come.
    const model = await service.account.registerModel({ name: 'lost', mimeType: 'application/octet-stream', url: asset.url });
    const manifest = await service.account.createManifest({
      name: 'lost',
      driverProgram: 'score.js',
      assets: [{ url: (await service.account.uploadAsset('score.js', Buffer.from(DOUBLING_DRIVER))).url }],
      modelIds: [model.id],
      targetRuntime: { runtimeType: 'Node', properties: {} },
    });
    const build = await service.account
      .createImageAndWait({ name: 'lost', manifestId: manifest.id, imageType: 'Docker', computeResourceId: 'local' }, { intervalMs: 20 })
      .then(() => assert.fail('an image was built without its model'), (e: Error) => e);
    assert.match(build.message, /AssetMissing|missing from the store/);
    assert.ok(!service.log().includes(DEV_KEY), 'the log never holds the account key');
  });

  it('marks a service Failed with the reason when its image is neither cached nor in the blob storage', async () => {
    const dataDir = await makeDataDir('azure-no-image');
    let service = await start({ dataDir, args: ['--blobs', azurite.connectionString] });
    const deployed = await deployDriver(service.account, 'orphan', DOUBLING_DRIVER);
    const digest = deployed.image.imageLocation!.replace(/^sha256:/, '');
    await service.stop();
    await azurite.service.getContainerClient('modelbay').deleteBlob(`images/sha256/${digest}.tar`);
    await fs.rm(path.join(dataDir, 'images', 'store', digest), { recursive: true });
    service = await start({ dataDir, args: ['--blobs', azurite.connectionString] });
    let state;
    for (let i = 0; i < 100; i++) {
      state = await service.account.services.get(deployed.service.id);
      if (state.state === 'Failed') break;
      await sleep(100);
    }
    assert.equal(state?.state, 'Failed');
    assert.match(state?.error?.message ?? '', new RegExp(`archive of image sha256:${digest} is missing from the blob storage`));
    const endpoint = await service.account.services.endpoint(deployed.service.id, 'default');
    const answer = await score(endpoint.scoringUri, deployed.keys.primaryKey, { data: [1] });
    assert.notEqual(answer.status, 200, 'a service without its image does not score');
  });
});
