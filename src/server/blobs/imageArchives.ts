import type { Readable } from 'node:stream';
import type { BlockBlobClient } from '@azure/storage-blob';
import { BLOCK_BYTES } from './blockUpload';
import { BlobStorageUnavailableError } from './blobStore';
import { reasonOf, type Container } from './azureContainer';

/** An image's archive is not in the blob storage: the record says it was built, the bytes say otherwise. */
export class ImageArchiveMissingError extends Error {
  constructor(digest: string, location: string) {
    super(`The archive of image sha256:${digest} is missing from the blob storage (${location}); build the image again.`);
    this.name = 'ImageArchiveMissingError';
  }
}

/**
 * Built images in the shared container, one tar archive each: `images/sha256/<digest>.tar`, named by the image's
 * content digest. One blob per image because an image is immutable and always fetched whole: the archive appears
 * at once when its block list is committed (no instance ever sees half an image, no marker blob needed), it is one
 * request to fetch instead of one per file, and tar keeps the executable bits the digest covers.
 */
export class ImageArchives {
  constructor(private readonly container: Container) {}

  get location(): string {
    return this.container.location;
  }

  private blobOf(digest: string): BlockBlobClient {
    if (!/^[0-9a-f]{64}$/.test(digest)) throw new Error(`not an image digest: ${digest}`);
    return this.container.client.getBlockBlobClient(`images/sha256/${digest}.tar`);
  }

  async has(digest: string): Promise<boolean> {
    return this.blobOf(digest)
      .exists()
      .catch((error: unknown) => {
        throw new BlobStorageUnavailableError(this.location, reasonOf(error));
      });
  }

  /** Uploads the archive as staged blocks, committed at the end: a failed upload leaves no archive. */
  async upload(digest: string, archive: Readable): Promise<void> {
    try {
      await this.blobOf(digest).uploadStream(archive, BLOCK_BYTES, 2, { blobHTTPHeaders: { blobContentType: 'application/x-tar' } });
    } catch (error) {
      archive.destroy();
      // The storage's own failures are a 503; a broken archive stream (a file unreadable) is a fault of this machine.
      throw (error as Error).name === 'RestError' ? new BlobStorageUnavailableError(this.location, reasonOf(error)) : error;
    }
  }

  async download(digest: string): Promise<Readable> {
    try {
      return (await this.blobOf(digest).download()).readableStreamBody as Readable;
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) throw new ImageArchiveMissingError(digest, this.location);
      throw new BlobStorageUnavailableError(this.location, reasonOf(error));
    }
  }
}
