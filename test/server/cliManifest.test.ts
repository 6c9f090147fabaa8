import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { accountPath, DEFAULT_ACCOUNT } from '../../src/api/accountRef';
import { API_VERSION } from '../../src/api/apiVersion';
import type { ModelbayOperationError } from '../../src/api/client';
import type { AsyncOperationStatus, Image, Manifest, Model } from '../../src/api/schemas';
import { tarOf, zipOf } from './helpers/archives';
import { deployImage, score } from './helpers/deploy';
import { startServiceProcess, type ServiceProcess } from './helpers/serviceProcess';

/** The driver the CLI uploaded as `<uuid>.py` and named by the asset id "driver": it imports a packed dependency. */
const DRIVER = `
import json, os
from util import triple

def init():
    global factor
    folder = os.path.join(os.environ["AZUREML_MODEL_DIR"], "pose_net.cntkmodel", "1")
    with open(os.path.join(folder, "weights.json")) as f:
        factor = json.load(f)["factor"]

def run(input_df):
    values = json.loads(input_df)["input_df"]
    return {"scores": [triple(v) * factor for v in values]}
`;

const imageFolder = (service: ServiceProcess, location: string) => path.join(service.dataDir, 'images', 'store', location.replace(/^sha256:/, ''));

/**
 * A model and manifest registered exactly as the official Azure ML CLI (2017-2018) sent them: dependencies packed
 * as .tar.gz and marked unpack under 32-character ids (no extension left), the driver named by an asset id with no
 * extension, description null, pip and conda files given as URLs in targetRuntime.properties.
 */
describe('a manifest as the official CLI sent it', () => {
  let service: ServiceProcess;
  let account: string;
  before(async () => {
    service = await startServiceProcess();
    account = `${service.url}${accountPath(DEFAULT_ACCOUNT)}`;
  });
  after(async () => {
    await service?.stop();
  });

  const post = async <T>(suffix: string, json: string): Promise<{ status: number; body: T; headers: Headers }> => {
    const response = await fetch(`${account}${suffix}?api-version=${API_VERSION}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${service.token}`, 'Content-Type': 'application/json' },
      body: json,
    });
    return { status: response.status, body: (await response.json()) as T, headers: response.headers };
  };
  const upload = async (name: string, content: Buffer | string) => (await service.account.uploadAsset(name, Buffer.from(content))).url;
  const waitForImage = async (operationLocation: string): Promise<Image> => {
    const done = await service.account.waitForOperation(operationLocation, { intervalMs: 25 });
    return service.account.getImage(done.resourceLocation!.split('/').pop()!);
  };

  it('registers the model and manifest, builds the image and scores it', async () => {
    // What the CLI uploaded to its storage account, here uploaded to the service (the only URLs it trusts).
    const modelUrl = await upload('3e514c88-7602-4057-8416-2ad5a9766f5b.tar.gz', await tarOf({ 'weights.json': '{"factor": 2}' }));
    const driverUrl = await upload('35bac4ce-ce28-4da2-8e4e-866abf8a6b49.py', DRIVER);
    const dependencyUrl = await upload('0c8c9995-8aaa-4be0-b799-9472075c45e5.tar.gz', await tarOf({ 'util.py': 'def triple(x):\n    return 3 * x\n' }));
    const schemaUrl = await upload('8c0d37a6-cc23-4cea-ba6d-1b286bfa89db.tar.gz', await tarOf({ 'outputs/schema.json': '{"input": {"input_df": []}}' }));
    const requirementsUrl = await upload('requirementssH2udB.txt', 'numpy\n');
    const condaUrl = await upload('conda_dependencies.yml', 'dependencies:\n  - python=3.5\n');

    const model = await post<Model>(
      '/models',
      `{"mimeType": "application/json", "description": "", "tags": [], "url": "${modelUrl}", "unpack": true, "name": "pose_net.cntkmodel"}`,
    );
    assert.equal(model.status, 200, JSON.stringify(model.body));

    const manifest = await post<Manifest>(
      '/manifests',
      `{"description": null, "driverProgram": "driver", "modelType": "Registered", "name": "imapp3", "modelIds": ["${model.body.id}"],
        "targetRuntime": {"properties": {"pipRequirements": "${requirementsUrl}", "condaEnvFile": "${condaUrl}"}, "runtimeType": "Python"},
        "assets": [
          {"url": "${driverUrl}", "mimeType": "application/x-python", "id": "driver"},
          {"mimeType": "application/octet-stream", "url": "${dependencyUrl}", "unpack": true, "id": "0c8c9995-8aaa-4be0-b799-9472075c"},
          {"mimeType": "application/octet-stream", "url": "${schemaUrl}", "unpack": true, "id": "8c0d37a6-cc23-4cea-ba6d-1b286bfa"}]}`,
    );
    assert.equal(manifest.status, 200, JSON.stringify(manifest.body));
    assert.equal(manifest.body.description, undefined);
    assert.equal(manifest.body.driverProgram, 'driver');
    assert.deepEqual(manifest.body.assets.map((a) => [a.id, a.unpack]), [['driver', false], ['0c8c9995-8aaa-4be0-b799-9472075c', true], ['8c0d37a6-cc23-4cea-ba6d-1b286bfa', true]]);

    const build = await post<AsyncOperationStatus>(
      '/images',
      `{"computeResourceId": "/subscriptions/5b797442/resourcegroups/rg/providers/Microsoft.MachineLearningCompute/operationalizationClusters/c1", "manifestId": "${manifest.body.id}", "name": "imapp3", "imageType": "Docker", "description": ""}`,
    );
    assert.equal(build.status, 202);
    const image = await waitForImage(build.headers.get('operation-location')!);

    const folder = imageFolder(service, image.imageLocation!);
    const files = (await fs.readdir(folder, { recursive: true })).map(String);
    for (const expected of ['app/driver', 'app/util.py', 'app/outputs/schema.json', 'env/requirements.txt', 'env/conda_dependencies.yml', 'models/pose_net.cntkmodel/1/weights.json']) {
      assert.ok(files.includes(expected), `${expected} in ${files.sort().join(', ')}`);
    }
    assert.match(await fs.readFile(path.join(folder, 'Dockerfile'), 'utf8'), /pip install --no-cache-dir -r \/var\/modelbay\/env\/requirements\.txt/);
    assert.match(await service.account.getImageBuildLog(image.id), /pipRequirements: env\/requirements\.txt/);

    const deployed = await deployImage(service.account, image, 'imapp3');
    const answer = await score(deployed.endpoint.scoringUri, deployed.keys.primaryKey, { input_df: [1, 2, 5] });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.deepEqual(answer.body, { scores: [6, 12, 30] });
  });

  it('unpacks a zip and a plain tar marked unpack, whatever their ids, and refuses a file that is no archive', async () => {
    const driverUrl = await upload('f5a5cd62-6a3d-4a3e-9a1e-2c7f1b6a0d11.js', "const { triple } = require('./lib/util.js');\nexports.run = (input) => ({ tripled: triple(input.x), note: require('./notes.json').note });\n");
    const zipUrl = await upload('d2a7c1f0-1b8e-4c1a-9f0e-6a5b4c3d2e1f.zip', zipOf({ 'lib/util.js': 'exports.triple = (x) => 3 * x;\n' }));
    const tarUrl = await upload('a1b2c3d4-e5f6-4a1b-8c9d-0e1f2a3b4c5d.tar', await tarOf({ 'notes.json': '{"note": "from a plain tar"}' }, false));
    const weightsUrl = await upload('weights.bin', 'none');
    const model = await service.account.registerModel({ name: 'zipped', mimeType: 'application/octet-stream', url: weightsUrl });
    const manifest = await post<Manifest>(
      '/manifests',
      `{"description": null, "driverProgram": "driver", "modelType": "Registered", "name": "zipped", "modelIds": ["${model.id}"],
        "targetRuntime": {"properties": {}, "runtimeType": "Node"},
        "assets": [
          {"url": "${driverUrl}", "mimeType": "application/javascript", "id": "driver"},
          {"url": "${zipUrl}", "mimeType": "application/octet-stream", "unpack": true, "id": "d2a7c1f0-1b8e-4c1a-9f0e-6a5b4c3d"},
          {"url": "${tarUrl}", "mimeType": "application/octet-stream", "unpack": true, "id": "a1b2c3d4-e5f6-4a1b-8c9d-0e1f2a3b"}]}`,
    );
    assert.equal(manifest.status, 200, JSON.stringify(manifest.body));
    const build = await post<AsyncOperationStatus>('/images', `{"computeResourceId": "local", "manifestId": "${manifest.body.id}", "name": "zipped", "imageType": "Docker"}`);
    const image = await waitForImage(build.headers.get('operation-location')!);
    const deployed = await deployImage(service.account, image, 'zipped');
    const answer = await score(deployed.endpoint.scoringUri, deployed.keys.primaryKey, { x: 7 });
    assert.deepEqual(answer.body, { tripled: 21, note: 'from a plain tar' });

    // Named like an archive, marked unpack, but no archive by its bytes: the build fails and says so.
    const fakeUrl = await upload('fake.tar.gz', 'not an archive at all');
    const fake = await service.account.createManifest({
      name: 'fake',
      driverProgram: 'driver',
      assets: [{ url: driverUrl, id: 'driver' }, { url: fakeUrl, unpack: true }],
      modelIds: [model.id],
      targetRuntime: { runtimeType: 'Node', properties: {} },
    });
    const failed = await service.account.createImage({ name: 'fake', manifestId: fake.id, imageType: 'Docker', computeResourceId: 'local' });
    await assert.rejects(
      service.account.waitForOperation(failed.operationLocation, { intervalMs: 25 }),
      (error: ModelbayOperationError) => error.state === 'Failed' && /'fake\.tar\.gz' is marked unpack but is not a \.tar, \.tar\.gz, \.tgz or \.zip archive/.test(error.error?.message ?? ''),
    );
  });

  it('refuses environment files given by an address the service does not trust, naming the property', async () => {
    const driverUrl = await upload('score.py', DRIVER);
    const refused = await post<{ code: string; message: string }>(
      '/manifests',
      `{"description": null, "driverProgram": "driver", "name": "untrusted", "modelIds": [],
        "targetRuntime": {"properties": {"pipRequirements": "http://storage.invalid/requirements.txt"}, "runtimeType": "Python"},
        "assets": [{"url": "${driverUrl}", "mimeType": "application/x-python", "id": "driver"}]}`,
    );
    assert.equal(refused.status, 400);
    assert.equal(refused.body.code, 'UntrustedUrl');
    assert.match(refused.body.message, /body\/targetRuntime\/properties\/pipRequirements/);

    const wrongRuntime = await post<{ message: string }>(
      '/manifests',
      `{"driverProgram": "driver.js", "name": "wrong", "targetRuntime": {"properties": {}, "runtimeType": "Python"},
        "assets": [{"url": "${driverUrl}", "id": "driver.js"}]}`,
    );
    assert.equal(wrongRuntime.status, 400);
    assert.match(wrongRuntime.body.message, /does not look like a Python program/);
  });
});
