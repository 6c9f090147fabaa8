import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { bubblewrapArgs, HOST_ROOT, IMAGE_ROOT, type SandboxMount } from './bubblewrap';
import { findBubblewrap, type BubblewrapStatus } from './findBubblewrap';
import { hostCommand, NODE_HOST_SCRIPT, pythonExecutable, replicaSettings, type DriverHosts, type HostLaunch, type LaunchRequest } from './hostLaunch';
import { findPython, type PythonInstall } from './pythonInstall';
import { safeFolder, shownBySystem, systemMounts } from './systemMounts';

const NODE_HOST_INSIDE = `${HOST_ROOT}/modelbay_node_host.js`;

/** Of the service's environment, only the locale and Python's own settings reach a confined host. */
function passedEnvironment(request: LaunchRequest): Record<string, string> {
  const env: Record<string, string> = { PATH: '/usr/local/bin:/usr/bin:/bin', HOME: '/tmp', TMPDIR: '/tmp', LANG: process.env.LANG ?? 'C.UTF-8' };
  if (request.runtime === 'Python') {
    for (const [name, value] of Object.entries(process.env)) if (name.startsWith('PYTHON') && value !== undefined) env[name] = value;
  }
  return { ...env, ...replicaSettings(request, IMAGE_ROOT) };
}

/**
 * Drivers in a bubblewrap sandbox each: the image read-only at /image, a private /tmp, the system's programs and
 * libraries and the interpreter read-only, nothing else of the machine: not the data folder (store, admin token,
 * other images), not the service's environment, command line or processes, no network.
 */
export class ConfinedHosts implements DriverHosts {
  readonly confined = true;
  private python: Promise<PythonInstall> | undefined;

  private constructor(
    private status: BubblewrapStatus,
    private readonly system: readonly SandboxMount[],
    /** Folders a sandbox must never show, even as part of an interpreter's installation. */
    private readonly hidden: readonly string[],
  ) {}

  static async open(hidden: readonly string[]): Promise<ConfinedHosts> {
    const system = await systemMounts();
    return new ConfinedHosts(await findBubblewrap(system), system, hidden.map((h) => path.resolve(h)));
  }

  canRun(): boolean {
    return this.status.ok;
  }

  describe(): string {
    if (this.status.ok) return 'drivers run confined by bubblewrap';
    const why = this.status.missing ? 'bubblewrap (bwrap) is not installed' : 'bubblewrap cannot make a sandbox here';
    return `drivers run confined, but ${why}: Python and Node drivers cannot run; install bubblewrap, or run drivers unconfined on a service one person owns`;
  }

  async launch(request: LaunchRequest): Promise<HostLaunch> {
    // Looked for again after a failure: installing bubblewrap then deploying again works without a restart.
    if (!this.status.ok) this.status = await findBubblewrap(this.system);
    const status = this.status;
    if (!status.ok) throw new Error(status.problem);
    const runtime = request.runtime === 'Python' ? await this.pythonMounts() : await this.nodeMounts();
    const command = hostCommand(request, runtime.executable, IMAGE_ROOT, NODE_HOST_INSIDE);
    return {
      file: status.bwrap,
      args: bubblewrapArgs({ mounts: [...this.system, ...runtime.mounts], imageDir: request.imageDir, cwd: `${IMAGE_ROOT}/app`, command }),
      cwd: '/',
      env: passedEnvironment(request),
    };
  }

  /** The installation folders of the Python the service would run (a pyenv, a venv and its base), read-only. */
  private async pythonMounts(): Promise<{ executable: string; mounts: SandboxMount[] }> {
    this.python ??= findPython(pythonExecutable()).catch((error: unknown) => {
      this.python = undefined; // asked again on the next deploy
      throw error;
    });
    const install = await this.python;
    const mounts: SandboxMount[] = [];
    for (const folder of install.folders.filter((f) => !shownBySystem(f, this.system))) {
      if (!safeFolder([folder], this.hidden)) {
        throw new Error('Python is installed in a folder that holds the service\'s data, which confined drivers must not see; set MODELBAY_PYTHON to a Python installed elsewhere.');
      }
      mounts.push({ kind: 'ro-bind', source: folder, target: folder });
    }
    return { executable: install.executable, mounts };
  }

  /** The service's own Node (or Electron, whose files sit beside it) read-only, and the Node host script. */
  private async nodeMounts(): Promise<{ executable: string; mounts: SandboxMount[] }> {
    const mounts: SandboxMount[] = [{ kind: 'ro-bind', source: NODE_HOST_SCRIPT, target: NODE_HOST_INSIDE }];
    const real = await fs.realpath(process.execPath);
    for (const executable of new Set([process.execPath, real])) {
      if (shownBySystem(executable, this.system)) continue;
      const folder = safeFolder([path.dirname(path.dirname(executable)), path.dirname(executable)], this.hidden);
      if (!folder) throw new Error('The service\'s Node runtime is installed in a folder that holds the service\'s data, which confined drivers must not see.');
      mounts.push({ kind: 'ro-bind', source: folder, target: folder });
    }
    return { executable: process.execPath, mounts };
  }
}
