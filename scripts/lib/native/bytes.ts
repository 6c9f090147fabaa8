// Bounds-checked reads for the binary parsers.

/** A bounds-checked view: a truncated or corrupt file is an error naming the offset, never a wrong answer. */
export function need(bytes: Buffer, offset: number, length: number, what: string): void {
  if (!Number.isSafeInteger(offset) || offset < 0 || length < 0 || offset + length > bytes.length) {
    throw new Error(`${what} at offset ${offset} (+${length}) lies outside the file (${bytes.length} bytes)`);
  }
}

/** A NUL-terminated string starting at `offset`. */
export function cString(bytes: Buffer, offset: number, what: string): string {
  need(bytes, offset, 0, what);
  const end = bytes.indexOf(0, offset);
  if (end < 0) throw new Error(`${what} at offset ${offset} is not NUL-terminated`);
  return bytes.toString('latin1', offset, end);
}
