// Runs extension integration tests inside a real VS Code (code-server + headless Chromium).
// CLI: npx tsx test/integration/harness/runInVsCode.ts --extension-development-path <dir>
//        --extension-tests-path <index.js> [--workspace <dir>] [--vsix <file>] [--timeout <seconds>]
//        [--env NAME=VALUE]... [--setting name=<json>]... [--verbose] [--keep-temp]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startVsCodeSession, type VsCodeSession } from './session';

export interface IntegrationRunOptions {
  /** Absolute path of the extension folder (package.json + built `main`). */
  extensionDevelopmentPath: string;
  /** Absolute path of the compiled test entry exporting `run(): Promise<void>`. */
  extensionTestsPath: string;
  /** Absolute path of the folder to open (default: a fresh empty temp folder). */
  workspaceFolder?: string;
  vsixPath?: string;
  settings?: Record<string, unknown>;
  /** Extra environment for code-server and so for the extension host running the tests. */
  env?: Record<string, string | undefined>;
  /** Overall limit from start to the reported exit code. Default 15 minutes. */
  timeoutMs?: number;
  verbose?: boolean;
  keepTemp?: boolean;
  /** Where extension-host log lines go (default: stdout as they come). */
  log?: (line: string) => void;
}

export const DEFAULT_TIMEOUT_MS = 15 * 60 * 1000;

/** Resolves with the exit code the tests reported (0: all passed); rejects on timeout or when VS Code fails. */
export async function runIntegrationTests(options: IntegrationRunOptions): Promise<number> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const ownWorkspace = options.workspaceFolder ? undefined : mkdtempSync(join(tmpdir(), 'modelbay-workspace-'));
  let session: VsCodeSession | undefined;
  let starting: Promise<VsCodeSession> | undefined;
  let timer: NodeJS.Timeout | undefined;
  try {
    const result = new Promise<number>((resolveResult, reject) => {
      timer = setTimeout(
        () => reject(new Error(`runInVsCode: no test result after ${Math.round(timeoutMs / 1000)} s (timeout); stopping VS Code`)),
        timeoutMs,
      );
      starting = startVsCodeSession({
        workspaceFolder: options.workspaceFolder ?? (ownWorkspace as string),
        extensionDevelopmentPath: options.extensionDevelopmentPath,
        extensionTestsPath: options.extensionTestsPath,
        vsixPath: options.vsixPath,
        settings: options.settings,
        env: options.env,
        verbose: options.verbose,
        keepTemp: options.keepTemp,
        onLog: (_level, message) => log(message),
        onExit: resolveResult,
      });
      starting.then((started) => {
        session = started;
        watchForFailure(started, reject);
      }, reject);
    });
    return await result;
  } catch (error) {
    const output = session?.codeServer.output();
    if (output && !options.verbose) {
      log(`--- last code-server output ---\n${output}`);
    }
    throw error;
  } finally {
    if (timer) clearTimeout(timer);
    // The session may still be starting when the timeout fires: its own start-up limits bound this wait.
    session ??= await starting?.catch(() => undefined);
    await session?.close();
    if (ownWorkspace) rmSync(ownWorkspace, { recursive: true, force: true });
  }
}

function watchForFailure(session: VsCodeSession, reject: (error: Error) => void): void {
  void session.codeServer.process.exited.then((code) => {
    reject(new Error(`code-server exited (code ${code}) before the tests reported a result`));
  });
  session.page.on('crash', () => reject(new Error('the workbench page crashed before the tests reported a result')));
  session.page.on('close', () => reject(new Error('the workbench page closed before the tests reported a result')));
}

function parseCli(argv: string[]): IntegrationRunOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      'extension-development-path': { type: 'string' },
      'extension-tests-path': { type: 'string' },
      workspace: { type: 'string' },
      vsix: { type: 'string' },
      timeout: { type: 'string' },
      env: { type: 'string', multiple: true },
      setting: { type: 'string', multiple: true },
      verbose: { type: 'boolean' },
      'keep-temp': { type: 'boolean' },
    },
  });
  const developmentPath = values['extension-development-path'];
  const testsPath = values['extension-tests-path'];
  if (!developmentPath || !testsPath) {
    throw new Error('--extension-development-path and --extension-tests-path are required');
  }
  const env: Record<string, string> = {};
  for (const pair of values.env ?? []) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new Error(`--env expects NAME=VALUE, got ${pair}`);
    env[pair.slice(0, at)] = pair.slice(at + 1);
  }
  const settings: Record<string, unknown> = {};
  for (const pair of values.setting ?? []) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new Error(`--setting expects name=<json value>, got ${pair}`);
    settings[pair.slice(0, at)] = JSON.parse(pair.slice(at + 1));
  }
  return {
    extensionDevelopmentPath: resolve(developmentPath),
    extensionTestsPath: resolve(testsPath),
    workspaceFolder: values.workspace ? resolve(values.workspace) : undefined,
    vsixPath: values.vsix ? resolve(values.vsix) : undefined,
    timeoutMs: values.timeout ? Number(values.timeout) * 1000 : undefined,
    env,
    settings,
    verbose: values.verbose,
    keepTemp: values['keep-temp'],
  };
}

if (require.main === module) {
  let options: IntegrationRunOptions;
  try {
    options = parseCli(process.argv.slice(2));
  } catch (error) {
    console.error(`runInVsCode: ${(error as Error).message}`);
    process.exit(2);
  }
  runIntegrationTests(options).then(
    (code) => {
      console.log(`runInVsCode: tests reported exit code ${code}`);
      process.exit(code);
    },
    (error: unknown) => {
      console.error(`runInVsCode: FAILED: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
