import type { Stats } from 'node:fs';
import type { ReadEntry } from 'tar';

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
