// Runs extension integration tests inside a real VS Code (code-server + headless Chromium).
// CLI: npx tsx test/integration/harness/runInVsCode.ts --extension-development-path <dir>
//        --extension-tests-path <index.js> [--workspace <dir>] [--vsix <file>] [--timeout <seconds>]
//        [--env NAME=VALUE]... [--setting name=<json>]... [--verbose] [--keep-temp]
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startVsCodeSession, type VsCodeSession } from './session';
import { isWorkbenchChatter } from './workbenchChatter';

export interface IntegrationRunOptions {
  /** Absolute path of the extension folder (package.json + built `main`). */
  extensionDevelopmentPath: string;
  /** Absolute path of the compiled test entry exporting `run(): Promise<void>`. */
  extensionTestsPath: string;
  /** Absolute path of the folder to open (default: a fresh empty folder, removed afterwards). */
  workspaceFolder?: string;
  /** Files (relative path -> text) written into the workspace folder first. */
  workspaceFiles?: Record<string, string>;
  vsixPath?: string;
  settings?: Record<string, unknown>;
  /** Extra environment for code-server and so for the extension host running the tests. */
  env?: Record<string, string | undefined>;
  /** Overall limit from start to the reported exit code. Default 15 minutes. */
  timeoutMs?: number;
  verbose?: boolean;
  keepTemp?: boolean;
  /** Where extension-host log lines go (default: stdout as they come; workbench chatter dropped unless verbose). */
  log?: (line: string) => void;
}

export const DEFAULT_TIMEOUT_MS = 15 * 60 * 1000;

/** Resolves with the exit code the tests reported (0: all passed); rejects on timeout or when VS Code fails. */
export async function runIntegrationTests(options: IntegrationRunOptions): Promise<number> {
  if (!existsSync(options.extensionTestsPath)) {
    throw new Error(`test entry ${options.extensionTestsPath} does not exist (build the tests first)`);
  }
  if (!existsSync(join(options.extensionDevelopmentPath, 'package.json'))) {
    throw new Error(`${options.extensionDevelopmentPath} has no package.json: not an extension folder`);
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  let session: VsCodeSession | undefined;
  let starting: Promise<VsCodeSession> | undefined;
  let timer: NodeJS.Timeout | undefined;
  try {
    const result = new Promise<number>((resolveResult, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no test result after ${Math.round(timeoutMs / 1000)} s (timeout); stopping VS Code`)),
        timeoutMs,
      );
      starting = startVsCodeSession({
        workspaceFolder: options.workspaceFolder,
        workspaceFiles: options.workspaceFiles,
        extensionDevelopmentPath: options.extensionDevelopmentPath,
        extensionTestsPath: options.extensionTestsPath,
        vsixPath: options.vsixPath,
        settings: options.settings,
        env: options.env,
        verbose: options.verbose,
        keepTemp: options.keepTemp,
        onLog: (_level, message) => {
          if (options.verbose || !isWorkbenchChatter(message)) log(message);
        },
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
  }
}

function watchForFailure(session: VsCodeSession, reject: (error: Error) => void): void {
  // Once closing (e.g. on SIGINT) these events are our own doing, not failures.
  const fail = (what: string): void => {
    if (!session.isClosing()) reject(new Error(`${what} before the tests reported a result`));
  };
  void session.codeServer.process.exited.then((code) => fail(`code-server exited (code ${code})`));
  session.page.on('crash', () => fail('the workbench page crashed'));
  session.page.on('close', () => fail('the workbench page closed'));
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
  const timeoutSeconds = values.timeout === undefined ? undefined : Number(values.timeout);
  if (timeoutSeconds !== undefined && !(timeoutSeconds > 0)) {
    throw new Error(`--timeout expects a positive number of seconds, got ${values.timeout}`);
  }
  return {
    extensionDevelopmentPath: resolve(developmentPath),
    extensionTestsPath: resolve(testsPath),
    workspaceFolder: values.workspace ? resolve(values.workspace) : undefined,
    vsixPath: values.vsix ? resolve(values.vsix) : undefined,
    timeoutMs: timeoutSeconds === undefined ? undefined : timeoutSeconds * 1000,
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
