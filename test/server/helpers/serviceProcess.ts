import { spawn, type ChildProcess } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_ACCOUNT } from '../../../src/api/accountRef';
import { ModelbayClient, type AccountClient } from '../../../src/api/client';
import { testStoreFor } from './testStore';

/** The built service, exactly as `npm run serve` runs it (the test command builds it first). */
export const SERVER_BUNDLE = path.resolve(__dirname, '../../../dist/server.js');

export interface ServiceProcess {
  url: string;
  token: string;
  dataDir: string;
  child: ChildProcess;
  client: ModelbayClient;
  /** The built-in local/local/default account. */
  account: AccountClient;
  /** Everything the service wrote to stderr so far (its log). */
  log(): string;
  /** The line the service printed on stdout when it started listening (its URL, and how drivers run). */
  startLine: string;
  /** Sends a signal and resolves with the exit code, or the name of the signal that ended the process. */
  stop(signal?: NodeJS.Signals): Promise<number | NodeJS.Signals | null>;
}

export interface StartOptions {
  dataDir?: string;
  args?: string[];
  env?: NodeJS.ProcessEnv;
  /** Runs the service through this command (e.g. `ip netns exec <namespace>`: a test host of its own). */
  prefix?: string[];
}

export async function makeDataDir(label: string): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), `modelbay-${label}-`));
}

/**
 * Starts `node dist/server.js --data <dir> --port 0` and waits for the line with its URL. In a PostgreSQL run
 * (testStore.ts) it also gets `--store` with the data folder's own database, unless the test gives one.
 */
export async function startServiceProcess(options: StartOptions = {}): Promise<ServiceProcess> {
  const dataDir = options.dataDir ?? (await makeDataDir('svc'));
  const store = options.args?.includes('--store') ? undefined : await testStoreFor(dataDir);
  const args = [...(store === undefined ? [] : ['--store', store]), ...(options.args ?? [])];
  const command = [...(options.prefix ?? []), process.execPath, SERVER_BUNDLE, '--data', dataDir, '--port', '0', ...args];
  const child = spawn(command[0]!, command.slice(1), {
    env: { ...process.env, MODELBAY_LOG_LEVEL: 'warn', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<number | NodeJS.Signals | null>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  let startLine = '';
  const url = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => reject(new Error(`service did not start within 20 s:\n${stderr}`)), 20_000);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      const match = /listening on (http:\/\/\S+)/.exec(stdout);
      if (match) {
        clearTimeout(timer);
        startLine = stdout.slice(stdout.lastIndexOf('\n', match.index) + 1).split('\n')[0]!;
        resolve(match[1]!);
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`service exited with ${code} before listening:\n${stderr}`));
    });
  });
  const token = (await fs.readFile(path.join(dataDir, 'admin-token'), 'utf8')).trim();
  const client = new ModelbayClient({ baseUrl: url, getToken: () => token });
  return {
    url,
    token,
    dataDir,
    child,
    client,
    account: client.account(DEFAULT_ACCOUNT),
    log: () => stderr,
    startLine,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
