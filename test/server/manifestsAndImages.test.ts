import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { ModelbayApiError, ModelbayOperationError } from '../../src/api/client';
import type { Image, ManifestRequest } from '../../src/api/schemas';
import { nodeManifest, registerModel } from './helpers/fixtures';
import { buildImage, sampleFile } from './helpers/deploy';
import { startServiceProcess, type ServiceProcess } from './helpers/serviceProcess';

const imageFolder = (service: ServiceProcess, location: string) =>
  path.join(service.dataDir, 'images', 'store', location.replace(/^sha256:/, ''));

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

describe('manifests', () => {
  let service: ServiceProcess;
  before(async () => {
    service = await startServiceProcess();
  });
  after(async () => {
    await service?.stop();
  });

  it('registers manifest versions per name and filters by model and name', async () => {
    const model = await registerModel(service.account, 'clf');
    const m1 = await nodeManifest(service.account, 'clf-svc', model);
    const m2 = await nodeManifest(service.account, 'clf-svc', model);
    assert.deepEqual([m1.version, m2.version], [1, 2]);
    assert.equal(m1.assets[0]!.id, 'score.js');
    assert.equal(m1.modelType, 'Registered');
    assert.deepEqual(await service.account.getManifest(m1.id), m1);
    const byModel = await service.account.listManifests({ modelId: model.id });
    assert.deepEqual(byModel.value.map((m) => m.version), [2, 1]);
    const byName = await service.account.listManifests({ manifestName: 'clf-svc' });
    assert.equal(byName.value.length, 2);
  });

  it('refuses unknown model ids and assets, naming every one', async () => {
    const script = await service.account.uploadAsset('score.py', Buffer.from('def run(x): return x'));
    const request: ManifestRequest = {
      name: 'broken',
      driverProgram: 'score.py',
      assets: [{ url: script.url }, { url: `${script.url.replace(/[^/]+$/, '')}11111111-2222-3333-4444-555555555555` }],
      modelIds: ['missing-one', 'missing-two'],
      targetRuntime: { runtimeType: 'Python', properties: {} },
    };
    await assert.rejects(service.account.createManifest(request), (e: ModelbayApiError) => {
      assert.equal(e.statusCode, 400);
      assert.match(e.message, /missing-one/);
      assert.match(e.message, /missing-two/);
      assert.match(e.message, /11111111-2222-3333-4444-555555555555/);
      assert.deepEqual(e.details.map((d) => d.code).sort(), ['AssetNotFound', 'ModelNotFound', 'ModelNotFound']);
      return true;
    });
    assert.deepEqual((await service.account.listManifests({ manifestName: 'broken' })).value, []);
  });

  it('accepts Python, Onnx and Node, refuses SparkPython with a clear 400', async () => {
    const model = await registerModel(service.account, 'onnxy');
    const onnx = await service.account.createManifest({
      name: 'onnx-svc',
      assets: [],
      modelIds: [model.id],
      targetRuntime: { runtimeType: 'Onnx', properties: {} },
    });
    assert.equal(onnx.targetRuntime.runtimeType, 'Onnx');
    const script = await service.account.uploadAsset('score.py', Buffer.from('def run(x): return x'));
    const py = await service.account.createManifest({
      name: 'py-svc',
      driverProgram: 'score.py',
      assets: [{ url: script.url }],
      targetRuntime: { runtimeType: 'Python', properties: {} },
    });
    assert.equal(py.driverProgram, 'score.py');
    await assert.rejects(
      service.account.createManifest({ ...py, name: 'spark', targetRuntime: { runtimeType: 'SparkPython', properties: {} } }),
      (e: ModelbayApiError) => e.statusCode === 400 && e.code === 'UnsupportedRuntime' && /SparkPython/.test(e.message),
    );
  });

  it('checks the driver program against the runtime and the assets', async () => {
    const script = await service.account.uploadAsset('score.py', Buffer.from('def run(x): return x'));
    const base = { name: 'drv', assets: [{ url: script.url }], targetRuntime: { runtimeType: 'Python' as const, properties: {} } };
    await assert.rejects(service.account.createManifest(base), (e: ModelbayApiError) => e.code === 'MissingDriverProgram');
    await assert.rejects(service.account.createManifest({ ...base, driverProgram: 'other.py' }), (e: ModelbayApiError) => e.code === 'DriverProgramNotInAssets');
    await assert.rejects(
      service.account.createManifest({ ...base, driverProgram: 'score.py', targetRuntime: { runtimeType: 'Node', properties: {} } }),
      (e: ModelbayApiError) => /does not look like a Node program/.test(e.message),
    );
    await assert.rejects(
      service.account.createManifest({ ...base, driverProgram: 'score.py', assets: [{ url: script.url, id: '../score.py' }] }),
      (e: ModelbayApiError) => e.statusCode === 400 && /assets\/0\/id/.test(e.message),
    );
  });
});

describe('images', () => {
  let service: ServiceProcess;
  before(async () => {
    service = await startServiceProcess();
  });
  after(async () => {
    await service?.stop();
  });

  it('builds an image through an operation: 202, NotStarted -> Running -> Succeeded, a content-hashed folder and a log', async () => {
    const model = await registerModel(service.account, 'doubler', 'weights-v1');
    const manifest = await nodeManifest(service.account, 'doubler', model);
    const accepted = await service.account.createImage({ name: 'doubler', manifestId: manifest.id, imageType: 'Docker', computeResourceId: 'local' });
    assert.match(accepted.operationLocation, new RegExp(`^${service.url}/api/.*/operations/${accepted.operation.id}\\?api-version=2017-09-01-preview$`));
    assert.equal(accepted.operation.operationType, 'Image');
    const states: string[] = [];
    const done = await service.account.waitForOperation(accepted.operationLocation, { intervalMs: 20, onUpdate: (s) => states.push(s.state) });
    assert.equal(done.state, 'Succeeded');
    assert.ok(done.endTime);
    assert.equal(states.at(-1), 'Succeeded');
    const image = await service.account.getByLocation<Image>(done.resourceLocation!);
    assert.equal(image.creationState, 'Succeeded');
    assert.equal(image.version, 1);
    assert.match(image.imageLocation!, /^sha256:[0-9a-f]{64}$/);
    assert.deepEqual(image.manifest, manifest);

    const folder = imageFolder(service, image.imageLocation!);
    const files = (await fs.readdir(folder, { recursive: true })).map(String).sort();
    for (const expected of ['Dockerfile', 'entrypoint.sh', 'modelbay-image.json', 'app/score.js', 'serve/modelbay_host.js', 'models/doubler/1/doubler.bin']) {
      assert.ok(files.includes(expected), `${expected} in ${files.join(', ')}`);
    }
    assert.equal(await fs.readFile(path.join(folder, 'models/doubler/1/doubler.bin'), 'utf8'), 'weights-v1');
    assert.match(await fs.readFile(path.join(folder, 'Dockerfile'), 'utf8'), /FROM node:20-slim[\s\S]*ENTRYPOINT/);
    // Sealed: no write bit on any file (root could still write, so the bits are what we can check).
    for (const file of files) {
      const stat = await fs.stat(path.join(folder, file));
      if (stat.isFile()) assert.equal(stat.mode & 0o222, 0, `${file} is writable`);
    }

    const log = await service.account.getImageBuildLog(image.id);
    assert.match(log, /content hash sha256:/);
    assert.match(log, /Succeeded/);
    assert.equal(image.imageBuildLogUri, `${service.url}/api/subscriptions/local/resourceGroups/local/accounts/default/images/${image.id}/buildlog?api-version=2017-09-01-preview`);
  });

  it('numbers image versions per name and gives identical inputs the same content hash', async () => {
    const model = await registerModel(service.account, 'twin', 'same');
    const manifest = await nodeManifest(service.account, 'twin', model);
    const request = { name: 'twin', manifestId: manifest.id, imageType: 'Docker' as const, computeResourceId: 'local' };
    const a = await service.account.createImageAndWait(request, { intervalMs: 20 });
    const b = await service.account.createImageAndWait(request, { intervalMs: 20 });
    assert.deepEqual([a.version, b.version], [1, 2]);
    assert.equal(a.imageLocation, b.imageLocation);
    const listed = await service.account.listImages({ manifestId: manifest.id });
    assert.deepEqual(listed.value.map((i) => i.version), [2, 1]);
    assert.equal((await service.account.listImages({ manifestName: 'twin' })).value.length, 2);
  });

  it('runs what it built: the image host answers /score the way Docker would run it', async function () {
    const model = await registerModel(service.account, 'runner', 'w');
    const manifest = await nodeManifest(service.account, 'runner', model);
    const image = await service.account.createImageAndWait({ name: 'runner', manifestId: manifest.id, imageType: 'Docker', computeResourceId: 'local' }, { intervalMs: 20 });
    const folder = imageFolder(service, image.imageLocation!);
    const port = await freePort();
    const host = spawn(process.execPath, [path.join(folder, 'serve/modelbay_host.js'), '--http', String(port)], { stdio: 'inherit' });
    try {
      let answer: unknown;
      for (let i = 0; i < 100 && answer === undefined; i++) {
        answer = await fetch(`http://127.0.0.1:${port}/score`, { method: 'POST', body: JSON.stringify({ data: [1, 2.5, -3] }) })
          .then((r) => r.json())
          .catch(() => new Promise((r) => setTimeout(() => r(undefined), 50)));
      }
      assert.deepEqual(answer, { result: [2, 5, -6] });
    } finally {
      host.kill();
    }
  });

  it('fails the operation with an ErrorResponse when the content is unusable, and says why in the log', async () => {
    const asset = await service.account.uploadAsset('model.bin', Buffer.from('not an archive'));
    const model = await service.account.registerModel({ name: 'packed', mimeType: 'application/x-tar', url: asset.url, unpack: true });
    const manifest = await nodeManifest(service.account, 'packed', model);
    const { operationLocation } = await service.account.createImage({ name: 'packed', manifestId: manifest.id, imageType: 'Docker', computeResourceId: 'local' });
    await assert.rejects(service.account.waitForOperation(operationLocation, { intervalMs: 20 }), (e: ModelbayOperationError) => {
      assert.equal(e.state, 'Failed');
      assert.match(e.error!.message, /not a \.tar/);
      return true;
    });
    const operation = await service.account.getOperationAt(operationLocation);
    const image = await service.account.getByLocation<Image>(operation.resourceLocation!);
    assert.equal(image.creationState, 'Failed');
    assert.match(image.error!.message, /not a \.tar/);
    assert.match(await service.account.getImageBuildLog(image.id), /Failed: .*not a \.tar/);
  });

  it('fails a build whose asset bytes went missing from the store', async () => {
    const model = await registerModel(service.account, 'lost', 'bytes that will vanish');
    const manifest = await nodeManifest(service.account, 'lost', model);
    const sha = createHash('sha256').update('bytes that will vanish').digest('hex');
    const blob = path.join(service.dataDir, 'blobs', 'sha256', sha.slice(0, 2), sha);
    await fs.rm(blob);
    await assert.rejects(
      service.account.createImageAndWait({ name: 'lost', manifestId: manifest.id, imageType: 'Docker', computeResourceId: 'local' }, { intervalMs: 20 }),
      (e: ModelbayOperationError) => e.error?.code === 'AssetMissing',
    );
  });

  it('fails the build of an Onnx image whose model is not ONNX, naming the file and no server path', async () => {
    for (const [file, content] of [['notes.onnx', 'just some text, renamed .onnx\n'], ['half.onnx', (await sampleFile('onnx-classifier/iris-classifier.onnx')).subarray(0, 200)]] as const) {
      const failed = await buildImage(service.account, file.replace('.onnx', ''), 'Onnx', {}, { model: { file, content } }).then(
        () => undefined,
        (e: ModelbayOperationError) => e,
      );
      assert.ok(failed, `${file} built as if it were an ONNX model`);
      assert.equal(failed.error?.code, 'InvalidOnnxModel');
      assert.match(failed.error.message, new RegExp(`^${file.replace('.', '\\.')} is not a valid ONNX model: `));
      assert.ok(!failed.error.message.includes(service.dataDir) && !/\/(tmp|work|root|home)\//.test(failed.error.message), failed.error.message);
    }
    const noModel = await buildImage(service.account, 'nomodel', 'Onnx', {}).then(() => undefined, (e: ModelbayOperationError) => e);
    assert.equal(noModel?.error?.code, 'NoOnnxModel');
  });

  it('refuses an image of an unknown manifest (400) and answers 404 for unknown images and operations', async () => {
    await assert.rejects(
      service.account.createImage({ name: 'x', manifestId: 'nope', imageType: 'Docker', computeResourceId: 'local' }),
      (e: ModelbayApiError) => e.statusCode === 400 && e.code === 'ManifestNotFound',
    );
    await assert.rejects(service.account.getImage('nope'), (e: ModelbayApiError) => e.statusCode === 404 && e.code === 'ImageNotFound');
    await assert.rejects(service.account.getOperation('nope'), (e: ModelbayApiError) => e.statusCode === 404 && e.code === 'OperationNotFound');
  });
});
