// What a native library says about itself: its format, CPU and the symbols it exports and imports. Read from the
// file's own tables (ELF .dynsym, Mach-O LC_SYMTAB, PE export/import directories), without any tool installed.
import { readElfSymbols } from './elf';
import { readMachOSymbols } from './macho';
import { readPeSymbols } from './pe';

export type BinaryFormat = 'ELF' | 'Mach-O' | 'PE';

export interface BinarySymbols {
  format: BinaryFormat;
  /** Node's names where they exist (`x64`, `arm64`, `ia32`, `arm`), else the raw machine number. */
  arch: string;
  /** Symbols the library defines for others (Mach-O's leading underscore removed). */
  exports: string[];
  /** Symbols it needs from the process or other libraries (Mach-O's leading underscore removed). */
  imports: string[];
}

/** One entry per architecture: a universal (fat) Mach-O holds several; everything else one. */
export function readSymbols(bytes: Buffer): BinarySymbols[] {
  if (bytes.length >= 4 && bytes.readUInt32BE(0) === 0x7f454c46) return [readElfSymbols(bytes)];
  if (bytes.length >= 2 && bytes.toString('latin1', 0, 2) === 'MZ') return [readPeSymbols(bytes)];
  const machO = readMachOSymbols(bytes);
  if (machO) return machO;
  throw new Error('not an ELF, Mach-O or PE file');
}
