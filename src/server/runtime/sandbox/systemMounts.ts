import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { SandboxMount } from './bubblewrap';

/** The system's program and library folders: shown read-only, or as the links they are (a merged /usr). */
const SYSTEM_FOLDERS = ['/usr', '/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32'];

/** Pieces of /etc the dynamic loader, Python and Node read; nothing that names the service or its users' data. */
const ETC_FILES = [
  '/etc/ld.so.cache',
  '/etc/ld.so.conf',
  '/etc/ld.so.conf.d',
  '/etc/localtime',
  '/etc/nsswitch.conf',
  '/etc/passwd',
  '/etc/group',
  '/etc/alternatives',
  '/etc/ssl/openssl.cnf',
];

/** The system folders as they are on this machine, plus the pieces of /etc (skipped where missing). */
export async function systemMounts(): Promise<SandboxMount[]> {
  const mounts: SandboxMount[] = [];
  for (const folder of SYSTEM_FOLDERS) {
    const stat = await fs.lstat(folder).catch(() => undefined);
    if (!stat) continue;
    if (stat.isSymbolicLink()) mounts.push({ kind: 'symlink', linkTo: await fs.readlink(folder), target: folder });
    else if (stat.isDirectory()) mounts.push({ kind: 'ro-bind', source: folder, target: folder });
  }
  const etc = await fs.readdir('/etc').catch((): string[] => []);
  // Debian's Python reads its sitecustomize from /etc/python3.x.
  const pythonEtc = etc.filter((name) => /^python3(\.\d+)?$/.test(name)).map((name) => `/etc/${name}`);
  for (const file of [...ETC_FILES, ...pythonEtc]) mounts.push({ kind: 'ro-bind-try', source: file, target: file });
  return mounts;
}

/** True when `inner` is `outer` or lies inside it. */
export function isWithin(inner: string, outer: string): boolean {
  const relative = path.relative(outer, inner);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** True when a system mount already shows `file` inside the sandbox. */
export function shownBySystem(file: string, mounts: readonly SandboxMount[]): boolean {
  return mounts.some((m) => m.kind === 'ro-bind' && isWithin(file, m.source));
}

/**
 * The folder to show read-only so that an interpreter installed outside the system folders (pyenv, a venv, nvm,
 * VS Code's Electron) runs inside: the first of `candidates` that holds none of the `hidden` folders (the data
 * folder) and is not the root. Undefined when no candidate is safe to show.
 */
export function safeFolder(candidates: readonly string[], hidden: readonly string[]): string | undefined {
  return candidates.find((folder) => folder !== path.parse(folder).root && !hidden.some((h) => isWithin(h, folder)));
}
