import { randomUUID } from 'node:crypto';
import { createReadStream, promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import { BlobMissingError, checkedSha256, type BlobStore, type LocalBlob, type StoredBlob } from './blobStore';
import { HashedChunks } from './hashedChunks';

/** fsync a folder so a rename inside it survives a power cut. */
async function syncFolder(folder: string): Promise<void> {
  const handle = await fs.open(folder, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Bytes stored by their sha256 under `<root>/sha256/ab/<hash>`. Every write goes to a temp file, is hashed on the
 * way, fsynced and then renamed into place, so a blob either exists whole under its hash or not at all.
 */
export class FolderBlobStore implements BlobStore {
  private readonly tempFolder: string;
  private readonly hashFolder: string;

  readonly location: string;

  constructor(root: string) {
    this.location = root;
    this.tempFolder = path.join(root, 'tmp');
    this.hashFolder = path.join(root, 'sha256');
  }

  /** Creates the folders and removes temp files a crash left behind. */
  async open(): Promise<void> {
    await fs.mkdir(this.hashFolder, { recursive: true });
    await fs.rm(this.tempFolder, { recursive: true, force: true });
    await fs.mkdir(this.tempFolder, { recursive: true });
  }

  pathOf(sha256: string): string {
    return path.join(this.hashFolder, checkedSha256(sha256).slice(0, 2), sha256);
  }

  async has(sha256: string): Promise<boolean> {
    return fs.access(this.pathOf(sha256)).then(
      () => true,
      () => false,
    );
  }

  /** Streams `source` into the store; refuses (and keeps nothing) past `limit` bytes. */
  async put(source: Readable, limit: number): Promise<StoredBlob> {
    const temp = path.join(this.tempFolder, randomUUID());
    const handle = await fs.open(temp, 'wx', 0o600);
    const chunks = new HashedChunks(source, limit);
    try {
      for await (const bytes of chunks) await handle.write(bytes);
      await handle.sync();
    } catch (error) {
      await handle.close().catch(() => undefined);
      await fs.rm(temp, { force: true });
      chunks.drain();
      throw error;
    }
    await handle.close();
    const { sha256, size } = chunks.stored();
    const target = this.pathOf(sha256);
    await fs.mkdir(path.dirname(target), { recursive: true });
    if (await this.has(sha256)) {
      await fs.rm(temp, { force: true });
    } else {
      await fs.chmod(temp, 0o444);
      await fs.rename(temp, target);
      await syncFolder(path.dirname(target));
    }
    return { sha256, size };
  }

  async read(sha256: string): Promise<Readable> {
    const file = (await this.localFile(sha256)).path;
    return createReadStream(file);
  }

  /** The store's own file: callers only read it (images get a copy-on-write clone, never a link). */
  async localFile(sha256: string): Promise<LocalBlob> {
    if (!(await this.has(sha256))) throw new BlobMissingError(sha256, this.location);
    return { path: this.pathOf(sha256), release: () => Promise.resolve() };
  }
}
