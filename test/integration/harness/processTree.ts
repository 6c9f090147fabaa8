import { readdirSync, readFileSync } from 'node:fs';

/**
 * Process ids of every descendant of `rootPid`, read from /proc. Needed because some children leave the
 * process group (node-pty starts terminal shells with setsid), so killing the group alone can miss them.
 */
export function descendantPids(rootPid: number): number[] {
  const childrenOf = new Map<number, number[]>();
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const parent = parentPid(Number(entry));
    if (parent === undefined) continue;
    const list = childrenOf.get(parent) ?? [];
    list.push(Number(entry));
    childrenOf.set(parent, list);
  }
  const found: number[] = [];
  const queue = [rootPid];
  while (queue.length > 0) {
    const pid = queue.shift() as number;
    for (const child of childrenOf.get(pid) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

function parentPid(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may contain spaces: parse after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[1]);
  } catch {
    return undefined;
  }
}
