// Mach-O 64-bit little-endian (macOS x64 and arm64), thin or universal: the LC_SYMTAB symbol table. Undefined
// external symbols are what the library imports (N-API modules leave napi_* undefined for the process to resolve).
import { cString, need } from './bytes';
import type { BinarySymbols } from './symbols';

const MH_MAGIC_64 = 0xfeedfacf;
const FAT_MAGIC = 0xcafebabe;
const LC_SYMTAB = 0x2;
const N_STAB = 0xe0;
const N_PEXT = 0x10;
const N_TYPE = 0x0e;
const N_EXT = 0x01;
const N_UNDF = 0x0;
const N_ABS = 0x2;
const N_SECT = 0xe;
const CPUS: Record<number, string> = { 0x01000007: 'x64', 0x0100000c: 'arm64' };

/** Undefined when the bytes are not Mach-O. */
export function readMachOSymbols(bytes: Buffer): BinarySymbols[] | undefined {
  if (bytes.length < 8) return undefined;
  if (bytes.readUInt32LE(0) === MH_MAGIC_64) return [readThin(bytes)];
  if (bytes.readUInt32BE(0) === FAT_MAGIC) {
    const count = bytes.readUInt32BE(4);
    need(bytes, 8, count * 20, 'fat_arch table');
    const slices: BinarySymbols[] = [];
    for (let i = 0; i < count; i++) {
      const at = 8 + i * 20;
      const offset = bytes.readUInt32BE(at + 8);
      const size = bytes.readUInt32BE(at + 12);
      need(bytes, offset, size, `universal slice ${i}`);
      slices.push(readThin(bytes.subarray(offset, offset + size)));
    }
    return slices;
  }
  return undefined;
}

function readThin(bytes: Buffer): BinarySymbols {
  need(bytes, 0, 32, 'Mach-O header');
  if (bytes.readUInt32LE(0) !== MH_MAGIC_64) throw new Error('only 64-bit little-endian Mach-O is supported');
  const cpu = bytes.readUInt32LE(4);
  const commandCount = bytes.readUInt32LE(16);
  let at = 32;
  for (let i = 0; i < commandCount; i++) {
    need(bytes, at, 8, 'Mach-O load command');
    const command = bytes.readUInt32LE(at);
    const size = bytes.readUInt32LE(at + 4);
    if (size < 8) throw new Error(`Mach-O load command ${i} has size ${size}`);
    if (command === LC_SYMTAB) {
      need(bytes, at, 24, 'LC_SYMTAB');
      const symbolOffset = bytes.readUInt32LE(at + 8);
      const symbolCount = bytes.readUInt32LE(at + 12);
      const stringOffset = bytes.readUInt32LE(at + 16);
      const stringSize = bytes.readUInt32LE(at + 20);
      return { format: 'Mach-O', arch: CPUS[cpu] ?? `cpu ${cpu}`, ...readSymtab(bytes, symbolOffset, symbolCount, stringOffset, stringSize) };
    }
    at += size;
  }
  throw new Error('the Mach-O file has no LC_SYMTAB');
}

function readSymtab(bytes: Buffer, symbolOffset: number, symbolCount: number, stringOffset: number, stringSize: number) {
  need(bytes, symbolOffset, symbolCount * 16, 'Mach-O symbol table');
  need(bytes, stringOffset, stringSize, 'Mach-O string table');
  const exports: string[] = [];
  const imports: string[] = [];
  for (let i = 0; i < symbolCount; i++) {
    const at = symbolOffset + i * 16;
    const nameOffset = bytes.readUInt32LE(at);
    const type = bytes[at + 4]!;
    if (type & N_STAB || !(type & N_EXT) || nameOffset === 0) continue;
    if (nameOffset >= stringSize) throw new Error(`a Mach-O symbol name (offset ${nameOffset}) lies outside its string table`);
    // C names carry a leading underscore in Mach-O (`_napi_register_module_v1`, `__ZN2v8...`).
    const name = cString(bytes, stringOffset + nameOffset, 'Mach-O symbol name').replace(/^_/, '');
    const kind = type & N_TYPE;
    if (kind === N_UNDF && bytes.readBigUInt64LE(at + 8) === 0n) imports.push(name);
    else if ((kind === N_SECT || kind === N_ABS) && !(type & N_PEXT)) exports.push(name);
  }
  return { exports, imports };
}
