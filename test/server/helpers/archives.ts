import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';
import * as tar from 'tar';

/** A .tar.gz (or plain .tar) of the given files, as the official CLI packed each dependency. */
export async function tarOf(files: Record<string, string>, gzip = true): Promise<Buffer> {
  const folder = await fs.mkdtemp(path.join(os.tmpdir(), 'modelbay-tar-'));
  try {
    for (const [name, content] of Object.entries(files)) {
      await fs.mkdir(path.dirname(path.join(folder, 'in', name)), { recursive: true });
      await fs.writeFile(path.join(folder, 'in', name), content);
    }
    const file = path.join(folder, 'out.tar');
    await tar.c({ gzip, cwd: path.join(folder, 'in'), file, portable: true }, Object.keys(files));
    return await fs.readFile(file);
  } finally {
    await fs.rm(folder, { recursive: true, force: true });
  }
}

/** One entry of a hand-made zip: any name, and for hostile archives a size that lies or a Unix mode (a link). */
export interface ZipEntrySpec {
  name: string;
  data: Buffer | string;
  /** The uncompressed size the headers declare (the data's length unless given): a bomb says less than it holds. */
  declaredSize?: number;
  /** A Unix mode stored in the entry's external attributes (made on Unix), e.g. 0o120777 for a symbolic link. */
  unixMode?: number;
}

/** A zip of the given files (deflated), written by hand: the format's local headers, central directory and end. */
export function zipOf(files: Record<string, string>): Buffer {
  return zipOfEntries(Object.entries(files).map(([name, data]) => ({ name, data })));
}

/** A zip of the entries exactly as given (deflated), headers and all written here. */
export function zipOfEntries(entries: ZipEntrySpec[]): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const spec of entries) {
    const data = Buffer.from(spec.data);
    const packed = deflateRawSync(data);
    const size = spec.declaredSize ?? data.length;
    const nameBytes = Buffer.from(spec.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc32(data), 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(spec.unixMode === undefined ? 20 : (3 << 8) | 20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(8, 10);
    entry.writeUInt32LE(crc32(data), 16);
    entry.writeUInt32LE(packed.length, 20);
    entry.writeUInt32LE(size, 24);
    entry.writeUInt16LE(nameBytes.length, 28);
    entry.writeUInt32LE(spec.unixMode === undefined ? 0 : (spec.unixMode << 16) >>> 0, 38);
    entry.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, packed);
    central.push(entry, nameBytes);
    offset += local.length + nameBytes.length + packed.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}
