// Tiny native libraries built byte by byte, so the N-API check can be shown to fail (and to pass) on each format
// without a compiler: just the tables the check reads, laid out as the loaders define them.

export interface FixtureSymbols {
  exports: string[];
  imports: string[];
}

/** A table of NUL-terminated names; `offsets` gives each name's position (offset 0 is the empty name). */
function stringTable(names: string[], prefix = ''): { bytes: Buffer; offsets: number[] } {
  const parts = [Buffer.from([0])];
  const offsets: number[] = [];
  let at = 1;
  for (const name of names) {
    offsets.push(at);
    const part = Buffer.from(`${prefix}${name}\0`, 'latin1');
    parts.push(part);
    at += part.length;
  }
  return { bytes: Buffer.concat(parts), offsets };
}

/** ELF64 little-endian shared object: header, .dynsym, .dynstr and the section table. */
export function elfLibrary({ exports, imports }: FixtureSymbols, machine = 62): Buffer {
  const names = [...exports, ...imports];
  const strings = stringTable(names);
  const symbols = Buffer.alloc(24 * (names.length + 1)); // entry 0: the null symbol
  names.forEach((_, i) => {
    const at = 24 * (i + 1);
    symbols.writeUInt32LE(strings.offsets[i]!, at);
    symbols[at + 4] = (1 << 4) | 2; // STB_GLOBAL, STT_FUNC
    symbols.writeUInt16LE(i < exports.length ? 1 : 0, at + 6); // defined in section 1, or undefined
    if (i < exports.length) symbols.writeBigUInt64LE(0x1000n + BigInt(i), at + 8);
  });
  const dynsymOffset = 64;
  const dynstrOffset = dynsymOffset + symbols.length;
  const sectionTable = dynstrOffset + strings.bytes.length;
  const header = Buffer.alloc(64);
  header.writeUInt32BE(0x7f454c46, 0);
  header[4] = 2; // ELFCLASS64
  header[5] = 1; // little-endian
  header[6] = 1;
  header.writeUInt16LE(3, 0x10); // ET_DYN
  header.writeUInt16LE(machine, 0x12);
  header.writeBigUInt64LE(BigInt(sectionTable), 0x28);
  header.writeUInt16LE(64, 0x34);
  header.writeUInt16LE(64, 0x3a);
  header.writeUInt16LE(3, 0x3c);
  const sections = Buffer.alloc(64 * 3); // null, .dynsym (links to 2), .dynstr
  sections.writeUInt32LE(11, 64 + 4);
  sections.writeBigUInt64LE(BigInt(dynsymOffset), 64 + 24);
  sections.writeBigUInt64LE(BigInt(symbols.length), 64 + 32);
  sections.writeUInt32LE(2, 64 + 40);
  sections.writeBigUInt64LE(24n, 64 + 56);
  sections.writeUInt32LE(3, 128 + 4);
  sections.writeBigUInt64LE(BigInt(dynstrOffset), 128 + 24);
  sections.writeBigUInt64LE(BigInt(strings.bytes.length), 128 + 32);
  return Buffer.concat([header, symbols, strings.bytes, sections]);
}

/** Mach-O 64-bit dylib with one LC_SYMTAB; C names get Mach-O's leading underscore. */
export function machOLibrary({ exports, imports }: FixtureSymbols, cpu = 0x0100000c): Buffer {
  const names = [...exports, ...imports];
  const strings = stringTable(names, '_');
  const symbolOffset = 32 + 24;
  const symbols = Buffer.alloc(16 * names.length);
  names.forEach((_, i) => {
    const at = 16 * i;
    symbols.writeUInt32LE(strings.offsets[i]!, at);
    symbols[at + 4] = i < exports.length ? 0x0f : 0x01; // N_SECT|N_EXT, or N_UNDF|N_EXT
    symbols[at + 5] = i < exports.length ? 1 : 0;
    if (i < exports.length) symbols.writeBigUInt64LE(0x4000n + BigInt(i), at + 8);
  });
  const header = Buffer.alloc(32 + 24);
  header.writeUInt32LE(0xfeedfacf, 0);
  header.writeUInt32LE(cpu, 4);
  header.writeUInt32LE(6, 12); // MH_DYLIB
  header.writeUInt32LE(1, 16);
  header.writeUInt32LE(24, 20);
  header.writeUInt32LE(0x2, 32); // LC_SYMTAB
  header.writeUInt32LE(24, 36);
  header.writeUInt32LE(symbolOffset, 40);
  header.writeUInt32LE(names.length, 44);
  header.writeUInt32LE(symbolOffset + symbols.length, 48);
  header.writeUInt32LE(strings.bytes.length, 52);
  return Buffer.concat([header, symbols, strings.bytes]);
}

/** A universal binary holding the given thin Mach-O slices. */
export function fatMachO(slices: { cpu: number; bytes: Buffer }[]): Buffer {
  const header = Buffer.alloc(8 + 20 * slices.length);
  header.writeUInt32BE(0xcafebabe, 0);
  header.writeUInt32BE(slices.length, 4);
  let offset = header.length;
  slices.forEach((slice, i) => {
    header.writeUInt32BE(slice.cpu, 8 + i * 20);
    header.writeUInt32BE(offset, 8 + i * 20 + 8);
    header.writeUInt32BE(slice.bytes.length, 8 + i * 20 + 12);
    offset += slice.bytes.length;
  });
  return Buffer.concat([header, ...slices.map((s) => s.bytes)]);
}

/** PE32+ DLL with one section holding an export directory and an import table (imports from node.exe). */
export function peLibrary({ exports, imports }: FixtureSymbols, machine = 0x8664): Buffer {
  const sectionRva = 0x1000;
  const rawOffset = 0x200;
  const data = Buffer.alloc(0x1000);
  let cursor = 0;
  const put = (bytes: Buffer) => {
    const at = cursor;
    bytes.copy(data, at);
    cursor += bytes.length + ((8 - (bytes.length % 8)) % 8);
    return sectionRva + at;
  };
  const exportNames = exports.map((name) => put(Buffer.from(`${name}\0`, 'latin1')));
  const nameTable = Buffer.alloc(4 * exports.length);
  exportNames.forEach((rva, i) => nameTable.writeUInt32LE(rva, i * 4));
  const nameTableRva = put(nameTable);
  const exportDirectory = Buffer.alloc(40);
  exportDirectory.writeUInt32LE(exports.length, 24);
  exportDirectory.writeUInt32LE(nameTableRva, 32);
  const exportRva = put(exportDirectory);

  const hintNames = imports.map((name) => put(Buffer.concat([Buffer.alloc(2), Buffer.from(`${name}\0`, 'latin1')])));
  const thunks = Buffer.alloc(8 * (imports.length + 1));
  hintNames.forEach((rva, i) => thunks.writeBigUInt64LE(BigInt(rva), i * 8));
  const thunkRva = put(thunks);
  const dllRva = put(Buffer.from('node.exe\0', 'latin1'));
  const descriptors = Buffer.alloc(40); // one descriptor and the all-zero terminator
  descriptors.writeUInt32LE(thunkRva, 0);
  descriptors.writeUInt32LE(dllRva, 12);
  descriptors.writeUInt32LE(thunkRva, 16);
  const importRva = put(descriptors);

  const headers = Buffer.alloc(rawOffset);
  headers.write('MZ', 0, 'latin1');
  headers.writeUInt32LE(0x40, 0x3c);
  headers.writeUInt32BE(0x50450000, 0x40);
  const coff = 0x44;
  headers.writeUInt16LE(machine, coff);
  headers.writeUInt16LE(1, coff + 2);
  headers.writeUInt16LE(240, coff + 16);
  const optional = coff + 20;
  headers.writeUInt16LE(0x20b, optional);
  headers.writeUInt32LE(16, optional + 108);
  headers.writeUInt32LE(exportRva, optional + 112);
  headers.writeUInt32LE(40, optional + 116);
  headers.writeUInt32LE(importRva, optional + 120);
  headers.writeUInt32LE(40, optional + 124);
  const section = optional + 240;
  headers.write('.rdata', section, 'latin1');
  headers.writeUInt32LE(data.length, section + 8);
  headers.writeUInt32LE(sectionRva, section + 12);
  headers.writeUInt32LE(data.length, section + 16);
  headers.writeUInt32LE(rawOffset, section + 20);
  return Buffer.concat([headers, data]);
}
