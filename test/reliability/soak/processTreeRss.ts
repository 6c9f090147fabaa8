import { promises as fs } from 'node:fs';

/** The resident memory (bytes) of a process and every process below it: the service, its sandboxes and replica hosts. */
export async function processTreeRss(rootPid: number): Promise<number> {
  const parents = new Map<number, number>();
  const rss = new Map<number, number>();
  for (const name of await fs.readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    const status = await fs.readFile(`/proc/${pid}/status`, 'utf8').catch(() => undefined);
    if (!status) continue;
    const ppid = Number(/^PPid:\s+(\d+)/m.exec(status)?.[1]);
    const kib = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0);
    parents.set(pid, ppid);
    rss.set(pid, kib * 1024);
  }
  const inTree = (pid: number): boolean => {
    for (let at: number | undefined = pid, hops = 0; at !== undefined && at > 1 && hops < 64; at = parents.get(at), hops++) if (at === rootPid) return true;
    return false;
  };
  let total = 0;
  for (const [pid, bytes] of rss) if (inTree(pid)) total += bytes;
  return total;
}

/** The median of the samples taken between two fractions of the run (0.45-0.55: the middle; 0.9-1: the end). */
export function medianBetween(samples: { at: number; bytes: number }[], from: number, to: number): number {
  const inWindow = samples.filter((s) => s.at >= from && s.at <= to).map((s) => s.bytes).sort((a, b) => a - b);
  if (inWindow.length === 0) throw new Error(`no memory sample between ${from} and ${to} of the run`);
  return inWindow[Math.floor(inWindow.length / 2)]!;
}
