import type { Readable } from 'node:stream';
import type { BlockBlobClient } from '@azure/storage-blob';
import type { StoredBlob } from './blobStore';
import { HashedChunks } from './hashedChunks';

/** 8 MiB blocks: a 2 GB asset is 256 of Azure's 50,000 allowed, and memory holds at most a few of them. */
export const BLOCK_BYTES = 8 * 1024 * 1024;
/** Blocks sent at once; the stream is not read further while this many are on the way (backpressure). */
const IN_FLIGHT = 2;

const blockId = (index: number) => Buffer.from(`block-${String(index).padStart(8, '0')}`).toString('base64');

/**
 * Streams `source` into `blob` as staged blocks, hashing on the way, and commits the block list only once every
 * byte is staged: until then the blob does not exist, so a failed upload leaves nothing behind (Azure drops
 * uncommitted blocks by itself).
 */
export async function uploadInBlocks(blob: BlockBlobClient, source: Readable, limit: number, blockBytes = BLOCK_BYTES): Promise<StoredBlob> {
  const chunks = new HashedChunks(source, limit);
  const ids: string[] = [];
  const inFlight = new Set<Promise<unknown>>();
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const stage = async (bytes: Buffer) => {
    const id = blockId(ids.length);
    ids.push(id);
    const sent = blob.stageBlock(id, bytes, bytes.length);
    inFlight.add(sent);
    void sent.then(
      () => inFlight.delete(sent),
      () => undefined,
    );
    if (inFlight.size >= IN_FLIGHT) await Promise.race(inFlight);
  };
  try {
    for await (const bytes of chunks) {
      pending.push(bytes);
      pendingBytes += bytes.length;
      while (pendingBytes >= blockBytes) {
        const all = Buffer.concat(pending, pendingBytes);
        pending = [all.subarray(blockBytes)];
        pendingBytes -= blockBytes;
        await stage(all.subarray(0, blockBytes));
      }
    }
    if (pendingBytes > 0) await stage(Buffer.concat(pending, pendingBytes));
    await Promise.all(inFlight);
    await blob.commitBlockList(ids); // an empty list makes an empty blob: an empty asset is allowed
  } catch (error) {
    chunks.drain();
    await Promise.allSettled(inFlight);
    throw error;
  }
  return chunks.stored();
}
