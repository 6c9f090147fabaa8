import { promises as fs } from 'node:fs';

/** What an asset marked `unpack` holds, told by its first bytes. */
export type ArchiveKind = 'gzip' | 'zip' | 'tar' | undefined;

/**
 * Recognises an archive by its bytes, never by its name: the official CLI uploads dependencies as .tar.gz files
 * but cuts asset ids to 32 characters, which drops the extension. gzip starts with 1f 8b, a zip with
 * `PK\x03\x04` (or `PK\x05\x06` when it is empty), a POSIX tar has `ustar` at offset 257.
 */
export async function archiveKindOf(file: string): Promise<ArchiveKind> {
  const handle = await fs.open(file, 'r');
  try {
    const head = Buffer.alloc(262);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    return archiveKindOfBytes(head.subarray(0, bytesRead));
  } finally {
    await handle.close();
  }
}

export function archiveKindOfBytes(head: Buffer): ArchiveKind {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && ((head[2] === 0x03 && head[3] === 0x04) || (head[2] === 0x05 && head[3] === 0x06))) return 'zip';
  if (head.length >= 262 && head.toString('latin1', 257, 262) === 'ustar') return 'tar';
  return undefined;
}
