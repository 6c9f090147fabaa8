// The processes the scoring bench measures, each started on its own and ended by its pid: the Modelbay service
// (the built bundle, as the extension runs it), the reference servers and gunicorn.
import { spawn, type ChildProcess } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { DEFAULT_ACCOUNT } from '../../../src/api/accountRef';
import { ModelbayClient, type AccountClient } from '../../../src/api/client';

export const REPO = path.resolve(__dirname, '../../..');
export const SERVER_BUNDLE = path.join(REPO, 'dist', 'server.js');

export interface Started {
  child: ChildProcess;
  url: string;
  /** From spawn to the line that says where it listens, in ms. */
  startMs: number;
  stop(): Promise<void>;
}

/** Spawns a server and waits until its output matches `ready` (whose first group is the URL or port). */
async function startChild(command: string, args: string[], ready: RegExp, options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<Started & { output: () => number }> {
  const started = performance.now();
  const child = spawn(command, args, { env: options.env ?? process.env, cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  let bytes = 0;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${command} ${args.join(' ')} did not start within 30 s:\n${text}`)), 30_000);
    const watch = (chunk: Buffer) => {
      bytes += chunk.length;
      if (text.length > 20_000) return; // only the start matters; later output (a service's log) is only counted
      text += chunk.toString('utf8');
      const match = ready.exec(text);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout.on('data', watch);
    child.stderr.on('data', watch);
    void exited.then(() => reject(new Error(`${command} exited before it listened:\n${text}`)));
  });
  return {
    child,
    url,
    startMs: performance.now() - started,
    output: () => bytes,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Which build (and log level) a data folder was started with, so a restart runs the same. */
const bundles = new Map<string, string>();
const levels = new Map<string, string | undefined>();

export interface ModelbayProcess extends Started {
  account: AccountClient;
  dataDir: string;
  /** Bytes the service wrote to stdout and stderr so far (its log). */
  logBytes(): number;
}

/**
 * `node dist/server.js --data <dir>` with the log level users get (MODELBAY_LOG_LEVEL unset); `bundle` runs another
 * build instead (BENCH_BASELINE: the same bench against the code before a change, in the same rounds).
 */
export async function startModelbay(dataDir?: string, nodeArgs: string[] = [], bundle = SERVER_BUNDLE, logLevel?: string): Promise<ModelbayProcess> {
  const dir = dataDir ?? (await fs.mkdtemp(path.join(os.tmpdir(), 'modelbay-bench-')));
  const bundleOf = bundles.get(dir) ?? bundle;
  bundles.set(dir, bundleOf);
  const env = { ...process.env };
  delete env.MODELBAY_LOG_LEVEL;
  const level = logLevel ?? levels.get(dir);
  if (level) env.MODELBAY_LOG_LEVEL = level;
  levels.set(dir, level);
  const started = await startChild(process.execPath, [...nodeArgs, bundleOf, '--data', dir, '--port', '0'], /listening on (http:\/\/\S+)/, { env });
  const token = (await fs.readFile(path.join(dir, 'admin-token'), 'utf8')).trim();
  const client = new ModelbayClient({ baseUrl: started.url, getToken: () => token });
  return { ...started, account: client.account(DEFAULT_ACCOUNT), dataDir: dir, logBytes: started.output };
}

/** A reference server of test/bench/scoring/reference (it prints "listening <port>"). */
export async function startReference(script: string, args: string[] = []): Promise<Started> {
  const started = await startChild(process.execPath, [path.join(__dirname, 'reference', script), ...args], /listening (\d+)/);
  return { ...started, url: `http://127.0.0.1:${started.url}/score` };
}

/** The reference Flask app under gunicorn with `workers` sync workers, importing the driver at `driver`. */
export async function startGunicorn(driver: string, workers: number): Promise<Started> {
  // gunicorn is told its port: one below Linux's ephemeral range (32768 and up, where the bench's own client sockets
  // live), and another if that one turns out taken.
  let port = 0;
  let started: Started | undefined;
  for (let attempt = 1; !started; attempt++) {
    port = 10_000 + Math.floor(Math.random() * 22_000);
    try {
      started = await startChild(
        'gunicorn',
        ['--workers', String(workers), '--bind', `127.0.0.1:${port}`, '--chdir', path.join(__dirname, 'reference'), 'flaskApp:app'],
        /()Booting worker/,
        { env: { ...process.env, BENCH_DRIVER: driver } },
      );
    } catch (error) {
      if (attempt >= 3 || !/Connection in use/.test(String(error))) throw error;
    }
  }
  // "Booting worker" comes before the driver is imported; a first answer says it is ready.
  for (let i = 0; i < 200; i++) {
    const ok = await fetch(`http://127.0.0.1:${port}/score`, { method: 'POST', body: '{"data": ["warm"]}' }).then((r) => r.ok, () => false);
    if (ok) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  return { ...started, url: `http://127.0.0.1:${port}/score` };
}
