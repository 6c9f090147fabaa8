import type { TempArea } from './tempArea';

/**
 * The environment for code-server (and so for its extension host, which inherits it): ours, minus variables
 * that would make code-server's CLI talk to an outer VS Code (when run from a VS Code terminal), with XDG folders
 * and TMPDIR in the session's temp area so nothing is written under ~, no marketplace, plus the caller's `extra` (undefined
 * removes a variable).
 */
export function codeServerEnv(temp: TempArea, extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (name.startsWith('VSCODE_') || name === 'ELECTRON_RUN_AS_NODE') continue;
    env[name] = value;
  }
  env.XDG_CONFIG_HOME = temp.dir('xdg-config');
  env.XDG_DATA_HOME = temp.dir('xdg-data');
  env.XDG_CACHE_HOME = temp.dir('xdg-cache');
  env.XDG_RUNTIME_DIR = temp.dir('xdg-runtime');
  env.TMPDIR = temp.dir('tmp');
  // No extension marketplace (code-server defaults to open-vsx.org): tests stay offline and deterministic.
  // Pass `EXTENSIONS_GALLERY: undefined` in `extra` to get the default back.
  env.EXTENSIONS_GALLERY = '{}';
  for (const [name, value] of Object.entries(extra)) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return env;
}
