import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { BlobTooLargeError, type StoredBlob } from './blobStore';

/**
 * Reads an upload for a blob store: the chunks as they come, each counted against `limit` (BlobTooLargeError past
 * it, before the chunk is handed on) and hashed, and once they are all read, what was stored: its sha256 and size.
 */
export class HashedChunks {
  private readonly hash = createHash('sha256');
  private size = 0;

  constructor(
    private readonly source: Readable,
    private readonly limit: number,
  ) {}

  async *[Symbol.asyncIterator](): AsyncGenerator<Buffer> {
    for await (const chunk of this.source) {
      const bytes = chunk as Buffer;
      this.size += bytes.length;
      if (this.size > this.limit) throw new BlobTooLargeError(this.limit);
      this.hash.update(bytes);
      yield bytes;
    }
  }

  /** What the chunks read make: call once, after the last one. */
  stored(): StoredBlob {
    return { sha256: this.hash.digest('hex'), size: this.size };
  }

  /** After a failure: the rest of the upload is read and dropped, so the client is not left hanging. */
  drain(): void {
    this.source.resume();
  }
}
