import { execFile } from 'node:child_process';
import { promises as fs, constants } from 'node:fs';
import * as path from 'node:path';
import { bubblewrapArgs, type SandboxMount } from './bubblewrap';

/** Whether bubblewrap can make a sandbox here: its path, or why not, in words a client may read (no server path). */
export type BubblewrapStatus = { ok: true; bwrap: string } | { ok: false; missing: boolean; problem: string };

const UNCONFINED_HINT =
  'or, on a service one person owns, run drivers unconfined ("drivers": "unconfined" in the data folder\'s config.json, or --drivers unconfined)';

/** Where distributions install bwrap: found even when the service was started with a short PATH. */
const USUAL_PLACES = ['/usr/bin/bwrap', '/usr/local/bin/bwrap'];

/** `MODELBAY_BWRAP` when set (a test points it at a missing file), else `bwrap` on PATH or where it usually is. */
async function locate(env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const onPath = (env.PATH ?? '').split(path.delimiter).filter(Boolean).map((dir) => path.join(dir, 'bwrap'));
  const candidates = env.MODELBAY_BWRAP ? [env.MODELBAY_BWRAP] : [...onPath, ...USUAL_PLACES];
  for (const file of candidates) {
    if (await fs.access(file, constants.X_OK).then(() => true, () => false)) return file;
  }
  return undefined;
}

/** The first line bwrap wrote to explain itself, without its `bwrap: ` prefix. */
function firstLine(text: string): string {
  return (text.split('\n').find((line) => line.trim() !== '') ?? 'no reason given').replace(/^bwrap:\s*/, '').slice(0, 200);
}

/**
 * Finds bwrap and makes one sandbox with it (running `true` inside, as a replica would be run): installed is not
 * enough where unprivileged user namespaces are disabled.
 */
export async function findBubblewrap(mounts: readonly SandboxMount[], env: NodeJS.ProcessEnv = process.env, platform = process.platform): Promise<BubblewrapStatus> {
  if (platform !== 'linux') {
    return {
      ok: false,
      missing: true,
      problem: `Drivers on this service run confined, with bubblewrap, which runs on Linux only. Run the service on Linux, ${UNCONFINED_HINT}.`,
    };
  }
  const bwrap = await locate(env);
  if (!bwrap) {
    return {
      ok: false,
      missing: true,
      problem: `Drivers on this service run confined, and bubblewrap (bwrap) is not installed on the service's machine. Install it (Debian and Ubuntu: apt-get install bubblewrap), ${UNCONFINED_HINT}.`,
    };
  }
  const args = bubblewrapArgs({ mounts, imageDir: '/usr', cwd: '/', command: ['true'] });
  const failure = await new Promise<string | undefined>((resolve) => {
    execFile(bwrap, args, { env: { PATH: '/usr/bin:/bin' }, timeout: 10_000 }, (error, _stdout, stderr) => resolve(error ? firstLine(`${stderr}\n${error.message}`) : undefined));
  });
  if (failure === undefined) return { ok: true, bwrap };
  return {
    ok: false,
    missing: false,
    problem: `Drivers on this service run confined, and bubblewrap cannot make a sandbox on the service's machine (${failure}); unprivileged user namespaces may be disabled there. Allow them, ${UNCONFINED_HINT}.`,
  };
}
