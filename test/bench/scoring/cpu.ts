// CPU used by a process and everything it started (a service's Python replicas, gunicorn's workers), from /proc.
import { promises as fs } from 'node:fs';

async function stat(pid: string): Promise<{ ppid: string; seconds: number } | undefined> {
  try {
    const text = await fs.readFile(`/proc/${pid}/stat`, 'utf8');
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    // After the command name: state, ppid, ... utime (11) and stime (12), in clock ticks of 1/100 s.
    return { ppid: fields[1]!, seconds: (Number(fields[11]) + Number(fields[12])) / 100 };
  } catch {
    return undefined; // gone meanwhile
  }
}

/** CPU seconds of `pid` and its living descendants (Linux); NaN where /proc is not there. */
export async function treeCpuSeconds(pid: number | undefined): Promise<number> {
  if (pid === undefined) return NaN;
  const entries = await fs.readdir('/proc').catch(() => [] as string[]);
  const all = new Map<string, { ppid: string; seconds: number }>();
  await Promise.all(
    entries.filter((e) => /^\d+$/.test(e)).map(async (e) => {
      const s = await stat(e);
      if (s) all.set(e, s);
    }),
  );
  if (!all.has(String(pid))) return NaN;
  let total = 0;
  const queue = [String(pid)];
  while (queue.length > 0) {
    const current = queue.pop()!;
    total += all.get(current)?.seconds ?? 0;
    for (const [child, s] of all) if (s.ppid === current) queue.push(child);
  }
  return total;
}
