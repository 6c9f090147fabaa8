import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { descendantPids } from './processTree';

/** A child started as the leader of its own process group (setsid), so the whole group can be stopped. */
export interface GroupProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  /** Resolves with the leader's exit code (null when a signal ended it). */
  readonly exited: Promise<number | null>;
  /** SIGTERM to the group and every descendant, SIGKILL after `graceMs`; resolves when all are gone. */
  stop(graceMs?: number): Promise<void>;
}

export function spawnGroup(command: string, args: string[], options: SpawnOptions): GroupProcess {
  const child = spawn(command, args, { ...options, detached: true });
  if (child.pid === undefined) {
    throw new Error(`could not start ${command}`);
  }
  const pid = child.pid;
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.once('error', () => resolve(null));
  });
  // Last resort when this process exits without stopping the group (uncaught error, process.exit).
  const killOnExit = (): void => signalAll(pid, descendantPids(pid), 'SIGKILL');
  process.once('exit', killOnExit);

  let stopping: Promise<void> | undefined;
  const stop = (graceMs = 5000): Promise<void> => {
    stopping ??= (async () => {
      const known = new Set(descendantPids(pid));
      signalAll(pid, [...known], 'SIGTERM');
      const deadline = Date.now() + graceMs;
      while (Date.now() < deadline && anyAlive(pid, known)) {
        await delay(100);
      }
      for (const late of descendantPids(pid)) known.add(late);
      if (anyAlive(pid, known)) signalAll(pid, [...known], 'SIGKILL');
      await Promise.race([exited, delay(2000)]);
      process.removeListener('exit', killOnExit);
    })();
    return stopping;
  };
  return { child, pid, exited, stop };
}

function signalAll(groupId: number, pids: number[], signal: NodeJS.Signals): void {
  for (const target of [-groupId, ...pids]) {
    try {
      process.kill(target, signal);
    } catch {
      // Already gone.
    }
  }
}

function anyAlive(groupId: number, pids: Set<number>): boolean {
  return [-groupId, ...pids].some((target) => {
    try {
      process.kill(target, 0);
      return true;
    } catch {
      return false;
    }
  });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
