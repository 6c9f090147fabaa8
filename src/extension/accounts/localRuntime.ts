// Which program runs the Local service, and with which environment. No `vscode` import: the packaging tests start
// the packaged service through this same function, so they run it exactly as the extension does.

/** The slice of `process` the choice depends on (a parameter so tests can describe desktop and remote hosts). */
export interface RuntimeHost {
  execPath: string;
  /** Electron's version when the extension host runs on Electron (desktop VS Code). */
  electron: string | undefined;
  env: NodeJS.ProcessEnv;
}

export interface LocalRuntime {
  /** The executable, run as it is (never looked up on PATH unless the user's setting names a bare command). */
  command: string;
  env: NodeJS.ProcessEnv;
  /** `vscode`: the runtime VS Code itself runs on; `setting`: modelbay.local.nodePath. */
  source: 'vscode' | 'setting';
}

/**
 * By default the service runs on VS Code's own runtime: in desktop VS Code the extension host is Electron, whose
 * executable behaves as plain Node.js with ELECTRON_RUN_AS_NODE=1 (as language servers are started); in
 * code-server and remote hosts the extension host is Node.js itself. Every native module the service loads is an
 * N-API module, so it loads in either. `modelbay.local.nodePath` overrides the choice.
 */
export function localServiceRuntime(configuredNodePath: string | undefined, host: RuntimeHost = thisProcess()): LocalRuntime {
  const configured = configuredNodePath?.trim();
  // The override keeps ELECTRON_RUN_AS_NODE too: harmless for Node.js, needed if it names an Electron executable.
  if (configured) return { command: configured, env: { ...host.env, ELECTRON_RUN_AS_NODE: '1' }, source: 'setting' };
  if (host.electron) return { command: host.execPath, env: { ...host.env, ELECTRON_RUN_AS_NODE: '1' }, source: 'vscode' };
  return { command: host.execPath, env: { ...host.env }, source: 'vscode' };
}

/**
 * The service's command line after the executable: its bundle, the Local data folder, any free port. One person
 * owns everything on the Local service, so its drivers run unconfined unless its data folder's config.json says
 * `"drivers": "confined"`.
 */
export function localServiceArguments(serverScript: string, dataDir: string): string[] {
  return [serverScript, '--data', dataDir, '--port', '0', '--default-drivers', 'unconfined'];
}

function thisProcess(): RuntimeHost {
  return { execPath: process.execPath, electron: process.versions.electron, env: process.env };
}

const RESTART = 'then run "Modelbay: Restart the Local Service"';

/** What to tell the user when the runtime cannot be started at all (spawn failed: ENOENT, EACCES...). */
export function cannotStartMessage(runtime: LocalRuntime, reason: string): string {
  if (runtime.source === 'setting') {
    return `cannot run ${runtime.command} (the modelbay.local.nodePath setting): ${reason}. Set modelbay.local.nodePath to a Node.js 20.19 or newer executable, or clear it to use VS Code's own runtime; ${RESTART}.`;
  }
  return `cannot run VS Code's own runtime (${runtime.command}) for the Local service: ${reason}. Set modelbay.local.nodePath to a Node.js 20.19 or newer executable; ${RESTART}.`;
}

/** What to tell the user when the service exited before it listened. */
export function exitedEarlyMessage(runtime: LocalRuntime, how: string): string {
  const check =
    runtime.source === 'setting'
      ? `check that modelbay.local.nodePath (${runtime.command}) is Node.js 20.19 or newer, or clear it to use VS Code's own runtime`
      : 'if it cannot load, set modelbay.local.nodePath to a Node.js 20.19 or newer executable';
  return `the Local service exited before it started (${how}): the Modelbay log ("Modelbay: Show Log") says why; ${check}, ${RESTART}.`;
}
