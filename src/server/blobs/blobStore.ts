import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Readable } from 'node:stream';

export interface StoredBlob {
  sha256: string;
  size: number;
}

/** Raised when an upload is larger than the store accepts; the partial file is already gone. */
export class BlobTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`The upload is larger than the limit of ${limit} bytes.`);
  }
}

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
export class BlobStore {
  private readonly tempFolder: string;
  private readonly hashFolder: string;

  constructor(root: string) {
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
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`not a sha256: ${sha256}`);
    return path.join(this.hashFolder, sha256.slice(0, 2), sha256);
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
    const hash = createHash('sha256');
    let size = 0;
    try {
      for await (const chunk of source) {
        const bytes = chunk as Buffer;
        size += bytes.length;
        if (size > limit) throw new BlobTooLargeError(limit);
        hash.update(bytes);
        await handle.write(bytes);
      }
      await handle.sync();
    } catch (error) {
      await handle.close().catch(() => undefined);
      await fs.rm(temp, { force: true });
      source.resume();
      throw error;
    }
    await handle.close();
    const sha256 = hash.digest('hex');
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

  read(sha256: string): Readable {
    return createReadStream(this.pathOf(sha256));
  }
}
