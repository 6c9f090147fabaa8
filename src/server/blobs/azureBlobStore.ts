import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import type { BlockBlobClient } from '@azure/storage-blob';
import { BlobMissingError, BlobStorageUnavailableError, checkedSha256, type BlobStore, type LocalBlob, type StoredBlob } from './blobStore';
import type { Container } from './azureContainer';
import { reasonOf } from './azureContainer';
import { uploadInBlocks } from './blockUpload';

/** Uploads older than this found under uploads/ at start are leftovers of a crash (no upload takes a day). */
const STALE_UPLOAD_MS = 24 * 60 * 60 * 1000;

const isNotFound = (error: unknown) => (error as { statusCode?: number }).statusCode === 404;

/**
 * Asset bytes in an Azure Blob Storage container, shared by every instance:
 * - `assets/sha256/<hash>`: the bytes, named by their sha256 (so identical uploads are stored once);
 * - `uploads/<uuid>`: an upload while its hash is not yet known. Its blocks are staged as they arrive and committed
 *   at the end, then copied server-side to its hash's name and deleted (blocks cannot be committed under another
 *   name than the one they were staged on, and the name is the hash of bytes not yet seen).
 * Downloads a caller needs as files go to `<tempFolder>`, emptied at start.
 */
export class AzureBlobStore implements BlobStore {
  readonly location: string;

  constructor(
    private readonly container: Container,
    private readonly tempFolder: string,
  ) {
    this.location = container.location;
  }

  async open(): Promise<void> {
    await fs.rm(this.tempFolder, { recursive: true, force: true });
    await fs.mkdir(this.tempFolder, { recursive: true });
    // Another instance may be uploading right now: only old uploads are a crash's leftovers.
    const before = Date.now() - STALE_UPLOAD_MS;
    for await (const item of this.container.client.listBlobsFlat({ prefix: 'uploads/' })) {
      if (item.properties.lastModified.getTime() < before) await this.container.client.deleteBlob(item.name).catch(() => undefined);
    }
  }

  private blobOf(sha256: string): BlockBlobClient {
    return this.container.client.getBlockBlobClient(`assets/sha256/${checkedSha256(sha256)}`);
  }

  private unavailable(error: unknown): Error {
    if (error instanceof BlobMissingError || error instanceof BlobStorageUnavailableError) return error;
    return new BlobStorageUnavailableError(this.location, reasonOf(error));
  }

  async has(sha256: string): Promise<boolean> {
    return this.blobOf(sha256)
      .exists()
      .catch((error: unknown) => {
        throw this.unavailable(error);
      });
  }

  async put(source: Readable, limit: number): Promise<StoredBlob> {
    const upload = this.container.client.getBlockBlobClient(`uploads/${randomUUID()}`);
    // A refused or broken upload is the caller's error, told as it is; only the storage's own faults become a 503.
    const stored = await uploadInBlocks(upload, source, limit).catch((error: unknown) => {
      throw (error as Error).name === 'RestError' ? this.unavailable(error) : error;
    });
    try {
      const target = this.blobOf(stored.sha256);
      if (!(await target.exists())) {
        // Same-account copies usually end at once; one that does not is polled each second, not the SDK's 15.
        const poller = await target.beginCopyFromURL(upload.url, { intervalInMs: 1000 });
        const copied = await poller.pollUntilDone();
        if (copied.copyStatus !== 'success') throw new Error(`copying the upload to its hash's name ended ${copied.copyStatus ?? 'without a status'}`);
      }
      return stored;
    } catch (error) {
      throw this.unavailable(error);
    } finally {
      await upload.deleteIfExists().catch(() => undefined);
    }
  }

  async read(sha256: string): Promise<Readable> {
    try {
      const response = await this.blobOf(sha256).download();
      return response.readableStreamBody as Readable;
    } catch (error) {
      if (isNotFound(error)) throw new BlobMissingError(sha256, this.location);
      throw this.unavailable(error);
    }
  }

  async localFile(sha256: string): Promise<LocalBlob> {
    const file = path.join(this.tempFolder, randomUUID());
    const release = () => fs.rm(file, { force: true });
    try {
      await this.blobOf(sha256).downloadToFile(file);
    } catch (error) {
      await release();
      if (isNotFound(error)) throw new BlobMissingError(sha256, this.location);
      throw this.unavailable(error);
    }
    return { path: file, release };
  }
}
