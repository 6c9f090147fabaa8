import { createReadStream, createWriteStream, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createInflateRaw, crc32 } from 'node:zlib';
import { entryPathProblem, MAX_UNPACKED_BYTES, tooLargeToUnpack } from './archiveRules';

const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
const STORED = 0;
const DEFLATED = 8;
const S_IFMT = 0o170000;
const S_IFDIR = 0o040000;
const S_IFREG = 0o100000;

interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  crc: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
  directory: boolean;
}

async function readAt(handle: fs.FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buffer, 0, length, position);
  if (bytesRead !== length) throw new Error('is cut short');
  return buffer;
}

/** The central directory's entries, read from the end-of-directory record (the last 22 to 65,557 bytes). */
async function readDirectory(handle: fs.FileHandle, fileSize: number): Promise<ZipEntry[]> {
  const tailLength = Math.min(fileSize, 22 + 0xffff);
  const tail = await readAt(handle, fileSize - tailLength, tailLength);
  let end = -1;
  for (let at = tail.length - 22; at >= 0; at--) {
    if (tail.readUInt32LE(at) === END_OF_DIRECTORY) {
      end = at;
      break;
    }
  }
  if (end < 0) throw new Error('has no zip directory (not a zip, or cut short)');
  const count = tail.readUInt16LE(end + 10);
  const directorySize = tail.readUInt32LE(end + 12);
  const directoryOffset = tail.readUInt32LE(end + 16);
  if (count === 0xffff || directorySize === 0xffffffff || directoryOffset === 0xffffffff) throw new Error('is a zip64 archive, which images do not take; use .tar.gz');
  if (directoryOffset + directorySize > fileSize) throw new Error('has a zip directory past its end');
  const directory = await readAt(handle, directoryOffset, directorySize);
  const entries: ZipEntry[] = [];
  let at = 0;
  for (let i = 0; i < count; i++) {
    if (at + 46 > directory.length || directory.readUInt32LE(at) !== DIRECTORY_ENTRY) throw new Error('has a damaged zip directory');
    const madeBy = directory.readUInt16LE(at + 4) >> 8;
    const nameLength = directory.readUInt16LE(at + 28);
    const extraLength = directory.readUInt16LE(at + 30);
    const commentLength = directory.readUInt16LE(at + 32);
    const name = directory.toString('utf8', at + 46, at + 46 + nameLength);
    const mode = madeBy === 3 ? directory.readUInt32LE(at + 38) >>> 16 : 0; // 3: made on Unix, mode in the high bits
    const type = mode & S_IFMT;
    if (type !== 0 && type !== S_IFDIR && type !== S_IFREG) throw new Error(`holds links or special files, which images do not take: ${name}`);
    entries.push({
      name,
      flags: directory.readUInt16LE(at + 8),
      method: directory.readUInt16LE(at + 10),
      crc: directory.readUInt32LE(at + 16),
      compressedSize: directory.readUInt32LE(at + 20),
      size: directory.readUInt32LE(at + 24),
      localHeaderOffset: directory.readUInt32LE(at + 42),
      directory: name.endsWith('/') || type === S_IFDIR,
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/**
 * Streams one entry into `target` (a new file): inflated no further than the size the directory declares, and
 * checked against that size and its CRC, so memory stays flat whatever the entry's size.
 */
async function writeEntry(archivePath: string, handle: fs.FileHandle, entry: ZipEntry, target: string): Promise<void> {
  const header = await readAt(handle, entry.localHeaderOffset, 30);
  if (header.readUInt32LE(0) !== LOCAL_HEADER) throw new Error(`has a damaged entry ${entry.name}`);
  if (entry.method !== STORED && entry.method !== DEFLATED) throw new Error(`compresses ${entry.name} with method ${entry.method}; images take stored or deflated entries`);
  const dataOffset = entry.localHeaderOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  let size = 0;
  let crc = 0;
  const check = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      if (size > entry.size) return done(new Error(`has an entry larger than it declares: ${entry.name}`));
      crc = crc32(chunk, crc);
      done(null, chunk);
    },
  });
  const source = entry.compressedSize === 0 ? Readable.from([]) : createReadStream(archivePath, { start: dataOffset, end: dataOffset + entry.compressedSize - 1 });
  const file = createWriteStream(target, { flags: 'wx' });
  try {
    if (entry.method === DEFLATED) await pipeline(source, createInflateRaw(), check, file);
    else await pipeline(source, check, file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' || code === 'EISDIR' || code === 'ENOTDIR') throw error;
    throw new Error(`has a damaged entry ${entry.name} (${code?.startsWith('Z_') ? 'it does not inflate' : (error as Error).message})`, { cause: error });
  }
  if (size !== entry.size || crc !== entry.crc) throw new Error(`has a damaged entry ${entry.name} (size or CRC)`);
}

/**
 * Unpacks a zip into `folder`: plain files and folders only, every path checked to stay inside the folder, the
 * declared sizes checked before anything is inflated, each entry streamed and checked against its size and CRC.
 * Encrypted and zip64 archives are refused. Throws an Error whose message completes "'<name>' ...".
 */
export async function unpackZip(archivePath: string, folder: string): Promise<void> {
  const handle = await fs.open(archivePath, 'r');
  try {
    const entries = await readDirectory(handle, (await handle.stat()).size);
    let total = 0;
    for (const entry of entries) {
      const problem = entryPathProblem(entry.name);
      if (problem) throw new Error(`holds an entry that ${problem}: ${JSON.stringify(entry.name)}`);
      if (entry.flags & 1) throw new Error(`holds an encrypted entry: ${entry.name}`);
      total += entry.size;
    }
    if (total > MAX_UNPACKED_BYTES) throw new Error(tooLargeToUnpack(total));
    const root = path.resolve(folder);
    await fs.mkdir(root, { recursive: true });
    for (const entry of entries) {
      const target = path.resolve(root, entry.name);
      if (!target.startsWith(`${root}${path.sep}`)) throw new Error(`holds an entry outside its folder: ${entry.name}`);
      try {
        await fs.mkdir(entry.directory ? target : path.dirname(target), { recursive: true });
        if (!entry.directory) await writeEntry(archivePath, handle, entry, target);
      } catch (error) {
        // Said without the folder's path, which is the service's own business.
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EEXIST' || code === 'EISDIR' || code === 'ENOTDIR') throw new Error(`holds ${entry.name} where a file or folder of that name already is (twice in the archive, or from an earlier asset)`, { cause: error });
        throw error;
      }
    }
  } finally {
    await handle.close();
  }
}
