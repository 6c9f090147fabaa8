/**
 * What an image may unpack from one archive, all entries together: a bomb (a small archive of a huge file) is
 * refused by what its entries declare, before the bytes are written.
 */
export const MAX_UNPACKED_BYTES = 8 * 1024 * 1024 * 1024;

export const tooLargeToUnpack = (total: number) => `would unpack to more than ${MAX_UNPACKED_BYTES} bytes (${total} declared so far), more than an image takes from one archive`;

/**
 * Why an archive entry's path would not stay inside the folder it is unpacked into (absolute, a `..` segment, a
 * backslash, a control character), or undefined when it stays. The same rule for zip and tar entries.
 */
export function entryPathProblem(name: string): string | undefined {
  if (name.length === 0) return 'has an empty name';
  if (name.includes('\\')) return 'contains a backslash';
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) return 'is an absolute path';
  // eslint-disable-next-line no-control-regex -- control characters are what is refused here
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'contains a control character';
  const segments = name.replace(/\/$/, '').split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..')) return 'has an empty, "." or ".." segment';
  return undefined;
}

/**
 * The same rule for a tar entry, which tar writers commonly name `./app/score.py` (`tar -czf x.tgz .`, node-tar
 * packing a folder as `.`): `.` and empty segments are dropped first (the folder itself, `./`, is fine); `..`,
 * absolute paths and the rest are refused as for a zip.
 */
export function tarEntryPathProblem(name: string): string | undefined {
  if (name.startsWith('/')) return entryPathProblem(name);
  const segments = name.split('/').filter((segment) => segment !== '' && segment !== '.');
  return segments.length === 0 ? undefined : entryPathProblem(segments.join('/'));
}
