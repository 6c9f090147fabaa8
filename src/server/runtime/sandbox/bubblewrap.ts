/** Where a confined replica sees its own image (read-only), and the service's host script for Node drivers. */
export const IMAGE_ROOT = '/image';
export const HOST_ROOT = '/host';

/** One piece of the sandbox's file system: a host folder or file shown read-only, or a symbolic link. */
export type SandboxMount =
  | { kind: 'ro-bind'; source: string; target: string }
  /** Shown when it exists on the host; skipped when it does not (pieces of /etc that differ by distribution). */
  | { kind: 'ro-bind-try'; source: string; target: string }
  | { kind: 'symlink'; linkTo: string; target: string };

export interface SandboxCommand {
  /** The system's folders, the interpreter's, the host script: everything besides the image the command needs. */
  mounts: readonly SandboxMount[];
  /** The image folder on the host, shown read-only at IMAGE_ROOT. */
  imageDir: string;
  /** The working folder, inside the sandbox. */
  cwd: string;
  /** The program and its arguments, as seen inside the sandbox. */
  command: readonly string[];
}

function mountArgs(mount: SandboxMount): string[] {
  if (mount.kind === 'symlink') return ['--symlink', mount.linkTo, mount.target];
  return [`--${mount.kind}`, mount.source, mount.target];
}

/**
 * bwrap's arguments for one replica host. Every namespace is unshared (no network, no view of the service's
 * processes); the host runs as the sandbox's first process (`--as-pid-1`), so /proc/1/cmdline is its own command
 * line, not bwrap's (which names the image folder on the host); it dies with the service (`--die-with-parent`) and
 * cannot reach the service's terminal (`--new-session`); it holds no capability, even when the service runs as root
 * (bwrap keeps them all for a privileged caller unless told). /tmp is a private scratch folder in memory. The
 * environment is whatever the caller spawns bwrap with: the caller passes only what the host needs.
 */
export function bubblewrapArgs(sandbox: SandboxCommand): string[] {
  return [
    '--unshare-all',
    '--die-with-parent',
    '--new-session',
    '--as-pid-1',
    '--cap-drop',
    'ALL',
    ...sandbox.mounts.flatMap(mountArgs),
    '--ro-bind',
    sandbox.imageDir,
    IMAGE_ROOT,
    '--proc',
    '/proc',
    '--dev',
    '/dev',
    '--tmpfs',
    '/tmp',
    '--chdir',
    sandbox.cwd,
    '--',
    ...sandbox.command,
  ];
}
