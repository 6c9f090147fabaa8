import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { BlobTooLargeError } from '../../src/server/blobs/blobStore';
import { FolderBlobStore as BlobStore } from '../../src/server/blobs/folderBlobStore';

describe('blob store', () => {
  let root: string;
  let store: BlobStore;
  beforeEach(async () => {
    root = await fs.mkdtemp(path.join(os.tmpdir(), 'modelbay-blobs-'));
    store = new BlobStore(root);
    await store.open();
  });

  it('stores bytes under their sha256, read-only, once', async () => {
    const bytes = Buffer.from('hello blobs');
    const a = await store.put(Readable.from([bytes.subarray(0, 5), bytes.subarray(5)]), 100);
    const b = await store.put(Readable.from([bytes]), bytes.length);
    const sha = createHash('sha256').update(bytes).digest('hex');
    assert.deepEqual(a, { sha256: sha, size: bytes.length });
    assert.deepEqual(b, a);
    const file = store.pathOf(sha);
    assert.equal((await fs.stat(file)).mode & 0o222, 0);
    assert.deepEqual(await fs.readdir(path.join(root, 'tmp')), []);
  });

  it('keeps nothing of an upload over the limit', async () => {
    await assert.rejects(store.put(Readable.from([Buffer.alloc(60), Buffer.alloc(60)]), 100), BlobTooLargeError);
    assert.deepEqual(await fs.readdir(path.join(root, 'tmp')), []);
    assert.deepEqual(await fs.readdir(path.join(root, 'sha256')), []);
  });

  it('keeps nothing of an upload whose stream breaks', async () => {
    const broken = new Readable({
      read() {
        this.push(Buffer.alloc(10));
        this.destroy(new Error('connection reset'));
      },
    });
    await assert.rejects(store.put(broken, 100), /connection reset/);
    assert.deepEqual(await fs.readdir(path.join(root, 'tmp')), []);
  });

  it('sweeps temp files a crash left behind when it opens', async () => {
    await fs.writeFile(path.join(root, 'tmp', 'half-written'), 'x');
    await new BlobStore(root).open();
    assert.deepEqual(await fs.readdir(path.join(root, 'tmp')), []);
  });

  it('refuses a hash that is not a sha256', () => {
    assert.throws(() => store.pathOf('../../etc/passwd'));
  });
});
