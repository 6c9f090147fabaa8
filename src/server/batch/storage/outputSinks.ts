import { randomBytes, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import type { BlockBlobClient } from '@azure/storage-blob';
import type { BlobStore } from '../../blobs/blobStore';
import type { AccountKey, AssetRepository } from '../../store/repositories';
import type { WrittenOutput } from '../jobRecord';

/**
 * Where an output's text goes while a job runs. Nothing is visible until `commit`: a job that fails, is cancelled
 * or dies leaves no output, or the one that was there before.
 */
export interface OutputSink {
  write(text: string): Promise<void>;
  commit(): Promise<WrittenOutput>;
  discard(): Promise<void>;
}

/** Staged blocks of this size; the last may be smaller. */
const BLOCK_BYTES = 4 * 1024 * 1024;

/**
 * An output blob in Azure Storage: the text is staged as blocks as it comes, and one commitBlockList makes the blob
 * whole at the end. Uncommitted blocks never show, and Azure drops them within a week.
 */
export class BlockBlobSink implements OutputSink {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private readonly blockIds: string[] = [];
  /** Block ids of one run are all of one length and never reuse another run's. */
  private readonly runTag = randomBytes(6).toString('hex');

  constructor(
    private readonly client: BlockBlobClient,
    private readonly contentType: string,
    private readonly signal: AbortSignal,
  ) {}

  async write(text: string): Promise<void> {
    const bytes = Buffer.from(text, 'utf8');
    this.pending.push(bytes);
    this.pendingBytes += bytes.length;
    if (this.pendingBytes >= BLOCK_BYTES) await this.stage();
  }

  private async stage(): Promise<void> {
    if (this.pendingBytes === 0) return;
    const block = Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    const id = Buffer.from(`${this.runTag}-${String(this.blockIds.length).padStart(8, '0')}`).toString('base64');
    await this.client.stageBlock(id, block, block.length, { abortSignal: this.signal });
    this.blockIds.push(id);
  }

  async commit(): Promise<WrittenOutput> {
    await this.stage();
    await this.client.commitBlockList(this.blockIds, { blobHTTPHeaders: { blobContentType: this.contentType }, abortSignal: this.signal });
    return { kind: 'blob', url: this.client.url.split('?')[0]! };
  }

  discard(): Promise<void> {
    this.pending = [];
    return Promise.resolve();
  }
}

/**
 * An output the service places: streamed into the blob store (temp file, fsync, rename) and made an asset of the
 * account at commit, so it exists whole or not at all.
 */
export class AssetSink implements OutputSink {
  private readonly stream = new PassThrough();
  private readonly stored: Promise<{ sha256: string; size: number }>;

  constructor(
    blobs: BlobStore,
    limit: number,
    private readonly assets: AssetRepository,
    private readonly account: AccountKey,
    private readonly name: string,
    private readonly mimeType: string,
  ) {
    this.stored = blobs.put(this.stream, limit);
    this.stored.catch(() => undefined); // awaited in commit; a discard's rejection is expected
  }

  async write(text: string): Promise<void> {
    if (!this.stream.write(text, 'utf8')) await once(this.stream, 'drain');
  }

  async commit(): Promise<WrittenOutput> {
    this.stream.end();
    const { sha256, size } = await this.stored;
    const id = randomUUID();
    await this.assets.create(this.account, { id, name: this.name, size, sha256, mimeType: this.mimeType, createdAt: new Date().toISOString() });
    return { kind: 'asset', assetId: id, name: this.name };
  }

  async discard(): Promise<void> {
    this.stream.destroy(new Error('discarded'));
    await this.stored.catch(() => undefined);
  }
}
