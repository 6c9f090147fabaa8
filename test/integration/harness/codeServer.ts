import { spawn } from 'node:child_process';
import { codeServerEntry } from '../../../scripts/vscodePaths.mjs';
import { codeServerEnv } from './codeServerEnv';
import { findFreePort } from './freePort';
import { OutputTail } from './outputTail';
import { spawnGroup, type GroupProcess } from './processGroup';
import type { TempArea } from './tempArea';
import { writeUserSettings } from './userSettings';

export interface CodeServerOptions {
  /** The folder the workbench opens. */
  workspaceFolder: string;
  /** Holds user data, extensions, XDG folders and TMPDIR; the caller removes it. */
  temp: TempArea;
  /** Extra user settings (e.g. `{ 'workbench.colorTheme': 'Default Light Modern' }`). */
  settings?: Record<string, unknown>;
  /** Extra environment for code-server and so for the extension host; undefined removes a variable. */
  env?: Record<string, string | undefined>;
  /** A .vsix installed (`--install-extension --force`) before the server starts. */
  vsixPath?: string;
  /** Echo code-server's output as it comes. */
  verbose?: boolean;
  /** How long to wait for /healthz. Default 60 s. */
  startTimeoutMs?: number;
}

export interface CodeServer {
  readonly host: string;
  readonly port: number;
  /** `http://host:port/` */
  readonly url: string;
  /** `host:port`, the authority of `vscode-remote://` URIs for this server. */
  readonly remoteAuthority: string;
  readonly userDataDir: string;
  readonly extensionsDir: string;
  readonly process: GroupProcess;
  /** The last lines code-server printed. */
  output(): string;
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';

export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  const userDataDir = options.temp.dir('user-data');
  const extensionsDir = options.temp.dir('extensions');
  writeUserSettings(userDataDir, options.settings);
  const env = codeServerEnv(options.temp, options.env);
  const entry = codeServerEntry();
  const dirArgs = ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];
  if (options.vsixPath) {
    await installVsix(entry, [...dirArgs, '--force', '--install-extension', options.vsixPath], env);
  }
  const port = await findFreePort(HOST);
  const args = [
    '--auth', 'none',
    '--bind-addr', `${HOST}:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    ...dirArgs,
    options.workspaceFolder,
  ];
  const tail = new OutputTail(200, options.verbose ? (line) => console.log(line) : undefined);
  const group = spawnGroup(process.execPath, [entry, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  tail.follow(group.child.stdout, '[code-server] ');
  tail.follow(group.child.stderr, '[code-server] ');
  const url = `http://${HOST}:${port}/`;
  try {
    await waitForHealth(url, group, options.startTimeoutMs ?? 60_000);
  } catch (error) {
    await group.stop();
    throw new Error(`${(error as Error).message}\n--- code-server output ---\n${tail.text()}`, { cause: error });
  }
  return {
    host: HOST,
    port,
    url,
    remoteAuthority: `${HOST}:${port}`,
    userDataDir,
    extensionsDir,
    process: group,
    output: () => tail.text(),
    stop: () => group.stop(),
  };
}

async function waitForHealth(url: string, group: GroupProcess, timeoutMs: number): Promise<void> {
  let exitCode: number | null | undefined;
  void group.exited.then((code) => {
    exitCode = code;
  });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exitCode !== undefined) throw new Error(`code-server exited (code ${exitCode}) before answering /healthz`);
    try {
      const response = await fetch(new URL('healthz', url), { signal: AbortSignal.timeout(2000) });
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`code-server did not answer ${url}healthz within ${timeoutMs / 1000} s`);
}

function installVsix(entry: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [entry, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const tail = new OutputTail(50);
    tail.follow(child.stdout, '');
    tail.follow(child.stderr, '');
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`could not run code-server --install-extension: ${error.message}`));
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(new Error(`code-server ${args.join(' ')} failed (${signal ?? `exit ${code}`}):\n${tail.text()}`));
    });
  });
}
