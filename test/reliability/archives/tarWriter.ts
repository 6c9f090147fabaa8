import { gzipSync } from 'node:zlib';

/** One entry of a hand-made tar: any name (absolute, `..`), any type, any declared size, whatever its data. */
export interface TarEntry {
  name: string;
  /** '0' file, '1' hard link, '2' symbolic link, '5' folder. */
  type?: '0' | '1' | '2' | '5';
  linkname?: string;
  data?: Buffer;
  /** The size the header declares (the data's length unless given): a bomb says more than it sends. */
  declaredSize?: number;
}

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, '0')}\0`;
}

/** A size field: octal when it fits 11 digits, else GNU base-256 (the high bit set), as tar writers do for >8 GiB. */
function writeSize(header: Buffer, size: number): void {
  if (size < 0o77777777777) {
    header.write(octal(size, 12), 124, 'latin1');
    return;
  }
  header[124] = 0x80;
  let rest = BigInt(size);
  for (let at = 135; at > 124; at--) {
    header[at] = Number(rest & 0xffn);
    rest >>= 8n;
  }
}

function headerOf(entry: TarEntry): Buffer {
  const header = Buffer.alloc(512);
  header.write(entry.name, 0, 100, 'utf8');
  header.write(octal(0o644, 8), 100, 'latin1');
  header.write(octal(0, 8), 108, 'latin1');
  header.write(octal(0, 8), 116, 'latin1');
  writeSize(header, entry.declaredSize ?? entry.data?.length ?? 0);
  header.write(octal(Math.floor(Date.now() / 1000), 12), 136, 'latin1');
  header.write('        ', 148, 'latin1');
  header.write(entry.type ?? '0', 156, 'latin1');
  header.write(entry.linkname ?? '', 157, 100, 'utf8');
  header.write('ustar\u000000', 257, 'latin1');
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
  return header;
}

/** A tar (gzip'd unless told) of the entries exactly as given: what a hostile archive holds, not what tar(1) writes. */
export function handMadeTar(entries: TarEntry[], gzip = true): Buffer {
  const parts: Buffer[] = [];
  for (const entry of entries) {
    parts.push(headerOf(entry));
    const data = entry.data ?? Buffer.alloc(0);
    parts.push(data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  parts.push(Buffer.alloc(1024));
  const tar = Buffer.concat(parts);
  return gzip ? gzipSync(tar) : tar;
}
