import { promises as fs } from 'node:fs';

/** One process of the tree: its name (from /proc/<pid>/status) and resident memory in bytes. */
export interface ProcessRss {
  name: string;
  bytes: number;
}

/** The resident memory of a process and every process below it (the service, its sandboxes and replica hosts), by pid. */
export async function processTreeRss(rootPid: number): Promise<Map<number, ProcessRss>> {
  const parents = new Map<number, number>();
  const rss = new Map<number, ProcessRss>();
  for (const name of await fs.readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    const status = await fs.readFile(`/proc/${pid}/status`, 'utf8').catch(() => undefined);
    if (!status) continue;
    const ppid = Number(/^PPid:\s+(\d+)/m.exec(status)?.[1]);
    const kib = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? 0);
    parents.set(pid, ppid);
    rss.set(pid, { name: /^Name:\s+(\S+)/m.exec(status)?.[1] ?? '?', bytes: kib * 1024 });
  }
  const inTree = (pid: number): boolean => {
    for (let at: number | undefined = pid, hops = 0; at !== undefined && at > 1 && hops < 64; at = parents.get(at), hops++) if (at === rootPid) return true;
    return false;
  };
  return new Map([...rss].filter(([pid]) => inTree(pid)));
}

export const totalRss = (tree: Map<number, ProcessRss>): number => [...tree.values()].reduce((sum, p) => sum + p.bytes, 0);

export interface RssSample {
  /** How far through the run (0..1) it was taken. */
  at: number;
  tree: Map<number, ProcessRss>;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

function inWindow(samples: RssSample[], from: number, to: number): RssSample[] {
  const found = samples.filter((s) => s.at >= from && s.at <= to);
  if (found.length === 0) throw new Error(`no memory sample between ${from} and ${to} of the run`);
  return found;
}

/** The median of the tree's total between two fractions of the run (0.45-0.55: the middle; 0.9-1: the end). */
export function medianTotalBetween(samples: RssSample[], from: number, to: number): number {
  return median(inWindow(samples, from, to).map((s) => totalRss(s.tree)));
}

export interface Growth {
  /** What the processes that grew grew by, summed (a process that shrank counts 0, a new one counts whole). */
  bytes: number;
  /** The process that grew most, as "name (pid) +N MB". */
  most: string;
}

/**
 * Growth from the middle window to the end window, process by process: a leak lives in one process, and another
 * process giving memory back meanwhile must not hide it (measured: the service's own heap dropped by 63 MB in a major
 * collection while a leaking driver grew by 66 MB, and the total moved by -2 MB).
 */
export function growthBetween(samples: RssSample[], middle: [number, number], end: [number, number]): Growth {
  const perPid = (window: RssSample[]) => {
    const pids = new Set(window.flatMap((s) => [...s.tree.keys()]));
    return new Map([...pids].map((pid) => [pid, median(window.map((s) => s.tree.get(pid)?.bytes ?? 0))]));
  };
  const before = perPid(inWindow(samples, ...middle));
  const after = perPid(inWindow(samples, ...end));
  const names = new Map(samples.flatMap((s) => [...s.tree].map(([pid, p]) => [pid, p.name] as const)));
  let bytes = 0;
  let most = { pid: 0, grew: 0 };
  for (const [pid, now] of after) {
    const grew = Math.max(0, now - (before.get(pid) ?? 0));
    bytes += grew;
    if (grew > most.grew) most = { pid, grew };
  }
  const label = most.pid ? `${names.get(most.pid)} (${most.pid}) +${(most.grew / 1024 / 1024).toFixed(1)} MB` : 'none';
  return { bytes, most: label };
}
