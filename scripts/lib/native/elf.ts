// ELF64 little-endian (Linux x64 and arm64): the dynamic symbol table (.dynsym with its string table), which is
// what the dynamic loader resolves and what `nm -D` prints.
import { cString, need } from './bytes';
import type { BinarySymbols } from './symbols';

const SHT_DYNSYM = 11;
const SHN_UNDEF = 0;
const STB_GLOBAL = 1;
const STB_WEAK = 2;
const STB_GNU_UNIQUE = 10;
const STV_DEFAULT = 0;
const STV_PROTECTED = 3;
const MACHINES: Record<number, string> = { 3: 'ia32', 40: 'arm', 62: 'x64', 183: 'arm64' };

export function readElfSymbols(bytes: Buffer): BinarySymbols {
  need(bytes, 0, 64, 'ELF header');
  if (bytes[4] !== 2) throw new Error(`ELF class ${bytes[4]} is not supported (only 64-bit)`);
  if (bytes[5] !== 1) throw new Error('big-endian ELF is not supported');
  const machine = bytes.readUInt16LE(0x12);
  const sectionTable = Number(bytes.readBigUInt64LE(0x28));
  const sectionSize = bytes.readUInt16LE(0x3a);
  const sectionCount = bytes.readUInt16LE(0x3c);
  need(bytes, sectionTable, sectionSize * sectionCount, 'ELF section table');
  const section = (index: number) => {
    const at = sectionTable + index * sectionSize;
    return {
      type: bytes.readUInt32LE(at + 4),
      offset: Number(bytes.readBigUInt64LE(at + 24)),
      size: Number(bytes.readBigUInt64LE(at + 32)),
      link: bytes.readUInt32LE(at + 40),
      entrySize: Number(bytes.readBigUInt64LE(at + 56)),
    };
  };
  let dynsym: ReturnType<typeof section> | undefined;
  for (let i = 0; i < sectionCount && !dynsym; i++) if (section(i).type === SHT_DYNSYM) dynsym = section(i);
  if (!dynsym) throw new Error('the ELF file has no dynamic symbol table (.dynsym): not a shared library');
  if (dynsym.link >= sectionCount) throw new Error('.dynsym names a string table that does not exist');
  const strings = section(dynsym.link);
  const entrySize = dynsym.entrySize || 24;
  need(bytes, dynsym.offset, dynsym.size, '.dynsym');
  const exports: string[] = [];
  const imports: string[] = [];
  // Entry 0 is the reserved null symbol.
  for (let at = dynsym.offset + entrySize; at + 24 <= dynsym.offset + dynsym.size; at += entrySize) {
    const nameOffset = bytes.readUInt32LE(at);
    const info = bytes[at + 4]!;
    const visibility = bytes[at + 5]! & 3;
    const sectionIndex = bytes.readUInt16LE(at + 6);
    if (nameOffset === 0) continue;
    if (nameOffset >= strings.size) throw new Error(`a .dynsym name (offset ${nameOffset}) lies outside its string table`);
    const name = cString(bytes, strings.offset + nameOffset, '.dynstr name');
    const binding = info >> 4;
    if (sectionIndex === SHN_UNDEF) imports.push(name);
    else if ([STB_GLOBAL, STB_WEAK, STB_GNU_UNIQUE].includes(binding) && (visibility === STV_DEFAULT || visibility === STV_PROTECTED)) exports.push(name);
  }
  return { format: 'ELF', arch: MACHINES[machine] ?? `machine ${machine}`, exports, imports };
}
