// PE/COFF (Windows x64 and arm64 DLLs; a .node file is one): the export directory's names and every name in the
// import and delay-import tables (N-API modules import napi_* from node.exe, often delay-loaded).
import { cString, need } from './bytes';
import type { BinarySymbols } from './symbols';

const MACHINES: Record<number, string> = { 0x14c: 'ia32', 0x8664: 'x64', 0xaa64: 'arm64', 0x1c4: 'arm' };

export function readPeSymbols(bytes: Buffer): BinarySymbols {
  need(bytes, 0, 64, 'DOS header');
  const pe = bytes.readUInt32LE(0x3c);
  need(bytes, pe, 24, 'PE header');
  if (bytes.readUInt32BE(pe) !== 0x50450000) throw new Error('no PE signature after the DOS header');
  const machine = bytes.readUInt16LE(pe + 4);
  const sectionCount = bytes.readUInt16LE(pe + 6);
  const optionalSize = bytes.readUInt16LE(pe + 20);
  const optional = pe + 24;
  need(bytes, optional, optionalSize, 'PE optional header');
  const magic = bytes.readUInt16LE(optional);
  if (magic !== 0x20b && magic !== 0x10b) throw new Error(`unknown PE optional header magic 0x${magic.toString(16)}`);
  const wide = magic === 0x20b; // PE32+: 64-bit thunks
  const directories = optional + (wide ? 112 : 96);
  const directoryCount = bytes.readUInt32LE(optional + (wide ? 108 : 92));
  const directory = (index: number) => (index < directoryCount ? { rva: bytes.readUInt32LE(directories + index * 8), size: bytes.readUInt32LE(directories + index * 8 + 4) } : { rva: 0, size: 0 });

  const sectionTable = optional + optionalSize;
  need(bytes, sectionTable, sectionCount * 40, 'PE section table');
  const sections = Array.from({ length: sectionCount }, (_, i) => {
    const at = sectionTable + i * 40;
    return { virtualSize: bytes.readUInt32LE(at + 8), rva: bytes.readUInt32LE(at + 12), rawSize: bytes.readUInt32LE(at + 16), raw: bytes.readUInt32LE(at + 20) };
  });
  const offsetOf = (rva: number): number => {
    const s = sections.find((x) => rva >= x.rva && rva < x.rva + Math.max(x.virtualSize, x.rawSize));
    if (!s) throw new Error(`RVA 0x${rva.toString(16)} is in no section`);
    return s.raw + rva - s.rva;
  };
  const nameAt = (rva: number) => cString(bytes, offsetOf(rva), 'PE name');

  const exports: string[] = [];
  const exportDirectory = directory(0);
  if (exportDirectory.rva) {
    const at = offsetOf(exportDirectory.rva);
    need(bytes, at, 40, 'PE export directory');
    const count = bytes.readUInt32LE(at + 24);
    const names = offsetOf(bytes.readUInt32LE(at + 32));
    need(bytes, names, count * 4, 'PE export name table');
    for (let i = 0; i < count; i++) exports.push(nameAt(bytes.readUInt32LE(names + i * 4)));
  }

  const imports: string[] = [];
  const readThunks = (tableRva: number) => {
    for (let at = offsetOf(tableRva); ; at += wide ? 8 : 4) {
      need(bytes, at, wide ? 8 : 4, 'PE import thunk');
      const thunk = wide ? bytes.readBigUInt64LE(at) : BigInt(bytes.readUInt32LE(at));
      if (thunk === 0n) return;
      const byOrdinal = wide ? thunk >> 63n === 1n : thunk >> 31n === 1n;
      if (!byOrdinal) imports.push(nameAt(Number(thunk & 0x7fffffffn) + 2)); // skip the 2-byte hint
    }
  };
  const importDirectory = directory(1);
  if (importDirectory.rva) {
    for (let at = offsetOf(importDirectory.rva); ; at += 20) {
      need(bytes, at, 20, 'PE import descriptor');
      const lookup = bytes.readUInt32LE(at) || bytes.readUInt32LE(at + 16);
      if (lookup === 0 && bytes.readUInt32LE(at + 12) === 0) break;
      readThunks(lookup);
    }
  }
  const delayDirectory = directory(13);
  if (delayDirectory.rva) {
    for (let at = offsetOf(delayDirectory.rva); ; at += 32) {
      need(bytes, at, 32, 'PE delay-import descriptor');
      const nameTable = bytes.readUInt32LE(at + 16);
      if (bytes.readUInt32LE(at + 4) === 0 || nameTable === 0) break;
      readThunks(nameTable);
    }
  }
  return { format: 'PE', arch: MACHINES[machine] ?? `machine 0x${machine.toString(16)}`, exports, imports };
}
