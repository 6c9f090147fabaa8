import * as path from 'node:path';

/**
 * The names users upload end up as file names inside images. A name is accepted only when it is one plain
 * path segment: no separators, no `..`, no NUL or control characters, no percent-encoded sequences (so a
 * double-encoded `%2e%2e%2f` cannot become a path later), not absolute, not hidden.
 */
export function checkFileName(name: string): string | undefined {
  if (name.length === 0) return 'is empty';
  if (name.length > 200) return 'is longer than 200 characters';
  if ([...name].some(isControlCharacter)) return 'contains a control character';
  if (/[\\/]/.test(name)) return 'contains a path separator';
  if (/%[0-9a-fA-F]{2}/.test(name)) return 'contains a percent-encoded sequence';
  if (name === '.' || name === '..' || name.startsWith('.')) return 'starts with a dot';
  if (path.isAbsolute(name) || /^[A-Za-z]:/.test(name)) return 'is an absolute path';
  if (/[<>:"|?*]/.test(name)) return 'contains one of < > : " | ? *';
  if (name.trim() !== name) return 'starts or ends with a space';
  return undefined;
}

/** C0 controls (NUL to U+001F) and DEL. */
function isControlCharacter(char: string): boolean {
  const code = char.codePointAt(0)!;
  return code <= 0x1f || code === 0x7f;
}

/** Joins a checked name under a folder and proves the result stays inside it. */
export function childPath(folder: string, name: string): string {
  const problem = checkFileName(name);
  if (problem) throw new Error(`file name '${name}' ${problem}`);
  const root = path.resolve(folder);
  const full = path.resolve(root, name);
  if (path.dirname(full) !== root) throw new Error(`file name '${name}' leaves its folder`);
  return full;
}
