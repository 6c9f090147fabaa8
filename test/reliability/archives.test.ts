import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { zipOfEntries } from '../server/helpers/archives';
import { behaviourDriver } from '../server/helpers/deploy';
import { startServiceProcess, type ServiceProcess } from '../server/helpers/serviceProcess';
import { handMadeTar } from './archives/tarWriter';
import { printTable } from './table';

// Issue 15, item 5: model archives registered with `unpack: true` that try to write outside the image (.. paths,
// absolute paths, symbolic and hard links out of the tree) or to fill the disk (bombs). Each is refused, naming the
// entry, nothing lands outside the image, and the service goes on building images.

const GIB = 1024 * 1024 * 1024;

interface Case {
  what: string;
  archive: Buffer;
  /** What the refusal must say. */
  says: RegExp;
}

/** Every path under `root` whose name holds `marker`. */
async function findNamed(root: string, marker: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (folder: string) => {
    for (const entry of await fs.readdir(folder, { withFileTypes: true }).catch(() => [])) {
      const full = path.join(folder, entry.name);
      if (entry.name.includes(marker)) found.push(full);
      if (entry.isDirectory()) await walk(full);
    }
  };
  await walk(root);
  return found;
}

describe('reliability: hostile model archives', function () {
  this.timeout(0);
  let service: ServiceProcess;
  const rows: (string | number)[][] = [];
  const marker = `escaped-${randomBytes(6).toString('hex')}`;

  before(async () => {
    service = await startServiceProcess();
  });
  after(async () => {
    printTable('Hostile model archives (unpack: true)', ['archive', 'refused with', 'outside the image'], rows);
    await service?.stop();
  });

  /** Registers the archive as an unpacked model and builds an image of it: answers why it was refused. */
  async function refusalOf(archive: Buffer, name: string): Promise<string> {
    const account = service.account;
    const asset = await account.uploadAsset(`${name}.bin`, archive);
    let model;
    try {
      model = await account.registerModel({ name, mimeType: 'application/octet-stream', url: asset.url, unpack: true });
    } catch (error) {
      return `registration: ${(error as Error).message}`;
    }
    const driver = await account.uploadAsset('score.js', Buffer.from(behaviourDriver('1')));
    const manifest = await account.createManifest({ name, driverProgram: 'score.js', assets: [{ url: driver.url }], modelIds: [model.id], targetRuntime: { runtimeType: 'Node', properties: {} } });
    const { operationLocation } = await account.createImage({ name, manifestId: manifest.id, imageType: 'Docker', computeResourceId: 'local' });
    const done = await account.waitForOperation(operationLocation, { intervalMs: 50, timeoutMs: 120_000 }).catch(async () => account.getOperationAt(operationLocation));
    assert.equal(done.state, 'Failed', `the image of ${name} was refused`);
    return `build: ${done.error?.message ?? ''}`;
  }

  const cases = (): Case[] => [
    { what: 'tar: ../ path', archive: handMadeTar([{ name: `../../${marker}-dotdot`, data: Buffer.from('x') }]), says: /holds an entry that has an empty, "\." or "\.\." segment/ },
    { what: 'tar: absolute path', archive: handMadeTar([{ name: `/tmp/${marker}-absolute`, data: Buffer.from('x') }]), says: /holds an entry that is an absolute path/ },
    { what: 'tar: cut short', archive: handMadeTar([{ name: 'big.bin', declaredSize: 1024 * 1024, data: Buffer.alloc(512) }]), says: /is damaged or cut short/ },
    { what: 'tar: symbolic link out of the tree', archive: handMadeTar([{ name: `${marker}-symlink`, type: '2', linkname: '/etc/passwd' }, { name: `${marker}-symlink`, data: Buffer.from('overwrite') }]), says: /link/i },
    { what: 'tar: hard link out of the tree', archive: handMadeTar([{ name: `${marker}-hardlink`, type: '1', linkname: '../../admin-token' }]), says: /link/i },
    { what: 'tar: link then a file through it', archive: handMadeTar([{ name: 'dir', type: '2', linkname: '/tmp' }, { name: `dir/${marker}-through`, data: Buffer.from('x') }]), says: /holds links or special files/ },
    { what: 'tar.gz bomb: 9 GiB declared', archive: handMadeTar([{ name: 'zeros.bin', declaredSize: 9 * GIB, data: Buffer.alloc(64 * 1024) }]), says: /would unpack to more than/ },
    { what: 'zip: ../ path', archive: zipOfEntries([{ name: `../../${marker}-zipdotdot`, data: 'x' }]), says: /\.\./ },
    { what: 'zip: absolute path', archive: zipOfEntries([{ name: `/tmp/${marker}-zipabsolute`, data: 'x' }]), says: /absolute/ },
    { what: 'zip: backslash path', archive: zipOfEntries([{ name: `..\\..\\${marker}-backslash`, data: 'x' }]), says: /backslash/ },
    { what: 'zip: symbolic link', archive: zipOfEntries([{ name: `${marker}-ziplink`, data: '/etc/passwd', unixMode: 0o120777 }]), says: /link/ },
    { what: 'zip bomb: 9 GiB declared', archive: zipOfEntries(Array.from({ length: 3 }, (_v, i) => ({ name: `z${i}.bin`, data: 'small', declaredSize: 3 * GIB }))), says: /would unpack to more than/ },
    { what: 'zip bomb: 50 MB of zeros declared as 1 KB', archive: zipOfEntries([{ name: 'zeros.bin', data: Buffer.alloc(50 * 1024 * 1024), declaredSize: 1024 }]), says: /larger than it declares/ },
  ];

  it('refuses every hostile archive, naming the problem, and writes nothing outside the image', async () => {
    const all = cases();
    for (const [index, c] of all.entries()) {
      const refusal = await refusalOf(c.archive, `hostile-${index}`);
      assert.match(refusal, c.says, `${c.what}: ${refusal}`);
      assert.ok(!/\/tmp\/modelbay-|\/root\/|[A-Za-z]:\\/.test(refusal.replace(`/tmp/${marker}`, '')), `${c.what}: no server path in "${refusal}"`);
      rows.push([c.what, refusal.replace(/\s+/g, ' ').slice(0, 110), 'nothing']);
    }
    const escaped = [...(await findNamed(service.dataDir, marker)), ...(await findNamed('/tmp', marker))].filter((p) => !p.includes(`${path.sep}blobs${path.sep}`));
    assert.deepEqual(escaped, [], 'no entry of a hostile archive was written anywhere');
    // The service is unaffected: a good archive still becomes an image.
    // Packed as tar(1) and the extension pack a folder: entries named ./weights/model.txt.
    const good = handMadeTar([{ name: './', type: '5' }, { name: './weights/', type: '5' }, { name: './weights/model.txt', data: Buffer.from('fine') }]);
    const asset = await service.account.uploadAsset('good.tar.gz', good);
    const model = await service.account.registerModel({ name: 'good', mimeType: 'application/gzip', url: asset.url, unpack: true });
    const driver = await service.account.uploadAsset('score.js', Buffer.from(behaviourDriver('1')));
    const manifest = await service.account.createManifest({ name: 'good', driverProgram: 'score.js', assets: [{ url: driver.url }], modelIds: [model.id], targetRuntime: { runtimeType: 'Node', properties: {} } });
    const image = await service.account.createImageAndWait({ name: 'good', manifestId: manifest.id, imageType: 'Docker', computeResourceId: 'local' }, { intervalMs: 50 });
    assert.equal(image.creationState, 'Succeeded');
    rows.push(['a good archive after them', 'built', '-']);
  });
});
