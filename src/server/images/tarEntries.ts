import type { Stats } from 'node:fs';
import type { ReadEntry } from 'tar';
import { MAX_UNPACKED_BYTES, tarEntryPathProblem, tooLargeToUnpack } from './archiveRules';

/**
 * A tar extraction filter that lets only regular files and folders through and notes every other entry (links,
 * devices, fifos) in `refused`: an image holds nothing else, and a link could point out of its folder.
 */
export function regularEntriesOnly(refused: string[]): (entryPath: string, entry: Stats | ReadEntry) => boolean {
  return (entryPath, entry) => {
    const type = 'type' in entry ? entry.type : undefined;
    const ok = type === 'File' || type === 'Directory' || type === 'OldFile' || type === 'ContiguousFile';
    if (!ok) refused.push(entryPath);
    return ok;
  };
}

/**
 * A tar extraction filter that stops the unpacking (calls `stop` with the reason) at the first entry whose path
 * would leave the folder (the zip reader's rule, said in the same words) or once the bytes the entries declare pass
 * what an image takes from one archive (a tar entry's header gives its size before its data): a bomb is stopped
 * before its data is written or even all inflated.
 */
export function boundedEntries(filter: (entryPath: string, entry: Stats | ReadEntry) => boolean, stop: (reason: string) => void): (entryPath: string, entry: Stats | ReadEntry) => boolean {
  let total = 0;
  let stopped = false;
  return (entryPath, entry) => {
    if (stopped) return false;
    const problem = tarEntryPathProblem(entryPath);
    if (problem) {
      stopped = true;
      stop(`holds an entry that ${problem}: ${JSON.stringify(entryPath)}`);
      return false;
    }
    total += entry.size ?? 0;
    if (total > MAX_UNPACKED_BYTES) {
      stopped = true;
      stop(tooLargeToUnpack(total));
      return false;
    }
    return filter(entryPath, entry);
  };
}
