import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { ModelbayApiError } from '../../src/api/client';
import { deployImage } from './helpers/deploy';
import { nodeManifest, registerModel } from './helpers/fixtures';
import { startServiceProcess, type ServiceProcess } from './helpers/serviceProcess';

describe('models, manifests and images: content hash and deletes', () => {
  let service: ServiceProcess;
  before(async () => {
    service = await startServiceProcess();
  });
  after(async () => {
    await service?.stop();
  });

  const inUse = (code: string, names: RegExp) => (e: ModelbayApiError) => {
    assert.equal(e.statusCode, 409);
    assert.equal(e.code, code);
    assert.match(e.message, names);
    return true;
  };

  it('refuses with 409 naming what still uses a resource, then deletes from the top down (200, then 204)', async () => {
    const account = service.account;
    const model = await registerModel(account, 'chain');
    const manifest = await nodeManifest(account, 'chain', model);
    const image = await account.createImageAndWait({ name: 'chain', manifestId: manifest.id, imageType: 'Docker', computeResourceId: 'local' }, { intervalMs: 20 });
    const deployed = await deployImage(account, image, 'chain-svc');
    await account.services.createEndpoint(deployed.service.id, { name: 'pinned', imageId: image.id });

    await assert.rejects(account.deleteModel(model.id), inUse('ModelInUse', /model chain:1 is still used by manifest chain:1/));
    await assert.rejects(account.deleteManifest(manifest.id), inUse('ManifestInUse', /manifest chain:1 is still used by image chain:1/));
    await assert.rejects(account.deleteImage(image.id), inUse('ImageInUse', /image chain:1 is still used by service chain-svc, endpoint chain-svc\/pinned/));
    // Refused deletes changed nothing.
    assert.equal((await account.getModel(model.id)).id, model.id);
    assert.equal((await account.getImage(image.id)).id, image.id);

    assert.equal(await account.services.delete(deployed.service.id), true);
    assert.equal(await account.deleteImage(image.id), true);
    assert.equal(await account.deleteManifest(manifest.id), true);
    assert.equal(await account.deleteModel(model.id), true);
    await assert.rejects(account.getModel(model.id), (e: ModelbayApiError) => e.statusCode === 404);
    await assert.rejects(account.getImage(image.id), (e: ModelbayApiError) => e.statusCode === 404);
    assert.equal(await account.deleteModel(model.id), false, 'a second delete answers 204');
    assert.equal((await account.listModels({ name: 'chain' })).value.length, 0);
  });

  it('records the sha256 of an uploaded model, so an identical file can be recognised', async () => {
    const a = await registerModel(service.account, 'hashed', 'same bytes');
    const b = await registerModel(service.account, 'hashed', 'same bytes');
    const c = await registerModel(service.account, 'hashed', 'other bytes');
    assert.equal(a.sha256, createHash('sha256').update('same bytes').digest('hex'));
    assert.equal(b.sha256, a.sha256);
    assert.notEqual(c.sha256, a.sha256);
    assert.equal((await service.account.getModel(a.id)).sha256, a.sha256);
  });

  it('never gives a deleted version number again (a name:version always means one model)', async () => {
    const first = await registerModel(service.account, 'renumber');
    const second = await registerModel(service.account, 'renumber');
    assert.deepEqual([first.version, second.version], [1, 2]);
    assert.equal(await service.account.deleteModel(second.id), true);
    assert.equal((await registerModel(service.account, 'renumber')).version, 3);
    // Also across a restart, and when every version of the name is gone.
    for (const m of (await service.account.listModels({ name: 'renumber' })).value) await service.account.deleteModel(m.id);
    await service.stop();
    service = await startServiceProcess({ dataDir: service.dataDir });
    assert.equal((await registerModel(service.account, 'renumber')).version, 4);
  });
});
