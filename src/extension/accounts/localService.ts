import { spawn, type ChildProcess } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { reportFailure } from '../core/reportFailure';
import { cannotStartMessage, exitedEarlyMessage, localServiceArguments, localServiceRuntime } from './localRuntime';

export interface LocalEndpoint {
  url: string;
  token: string;
}

const START_TIMEOUT_MS = 30_000;
const MAX_RESTARTS_PER_MINUTE = 3;

/** Is a process with this pid alive (signal 0 checks without touching it)? */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function healthy(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2_000) });
    return response.ok;
  } catch {
    return false;
  }
}

/**
 * The Local account's service: the bundled Modelbay service run as a child process on the extension's global
 * storage, on a free port. Started on first use, reused when one already runs on that data (another window),
 * restarted when it dies, stopped when VS Code closes.
 */
export class LocalService implements vscode.Disposable {
  private child: ChildProcess | undefined;
  private starting: Promise<LocalEndpoint> | undefined;
  /** Another window's service this one uses (then there is no child): it may stop whenever that window closes. */
  private reused: { url: string; pid: number } | undefined;
  private stopping = false;
  private restarts: number[] = [];
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the service (re)starts or stops, so the tree can refresh. */
  readonly onDidChange = this.changed.event;

  constructor(
    /** Where the Local store lives (its service.json names the running process). */
    readonly dataDir: string,
    private readonly serverScript: string,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** The running service's URL and admin token, starting it (or finding another window's) if needed. */
  ensureRunning(): Promise<LocalEndpoint> {
    if (this.reused && !alive(this.reused.pid)) this.forgetReused('its process has ended');
    this.starting ??= this.startOrReuse().catch((error: unknown) => {
      this.starting = undefined;
      throw error;
    });
    return this.starting;
  }

  /**
   * A call to `url` did not reach the service. When that is another window's service, it is forgotten, so the next
   * call starts or reuses one again instead of calling a dead URL for the rest of this window's life.
   */
  unreachable(url: string): void {
    if (this.reused?.url === url) this.forgetReused('a call could not connect to it');
  }

  private forgetReused(why: string): void {
    this.log.info(`The Local service at ${this.reused?.url} is gone (${why}); the next call starts or finds one again`);
    this.reused = undefined;
    this.starting = undefined;
    this.changed.fire();
  }

  async restart(): Promise<LocalEndpoint> {
    await this.stop();
    this.stopping = false;
    return this.ensureRunning();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.starting = undefined;
    this.reused = undefined;
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        resolve();
      }, 5_000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      child.kill('SIGTERM');
    });
    this.log.info('Local service stopped');
    this.changed.fire();
  }

  dispose(): void {
    this.stop().catch((error: unknown) => this.log.warn(`Stopping the Local service failed: ${String(error)}`));
  }

  private async startOrReuse(): Promise<LocalEndpoint> {
    await fs.mkdir(this.dataDir, { recursive: true });
    const reused = await this.runningElsewhere();
    if (reused) {
      this.log.info(`Reusing the Local service already running at ${reused.url} (pid ${reused.pid})`);
      this.reused = { url: reused.url, pid: reused.pid };
      return { url: reused.url, token: reused.token };
    }
    this.reused = undefined;
    return this.spawnService();
  }

  /** The service another window runs on this data folder, as its service.json names it, if it is alive and answers. */
  private async runningElsewhere(): Promise<(LocalEndpoint & { pid: number }) | undefined> {
    try {
      const state: unknown = JSON.parse(await fs.readFile(path.join(this.dataDir, 'service.json'), 'utf8'));
      if (typeof state !== 'object' || state === null || !('url' in state) || !('pid' in state)) return undefined;
      const { url, pid } = state;
      if (typeof url !== 'string' || typeof pid !== 'number' || !alive(pid) || !(await healthy(url))) return undefined;
      return { url, pid, token: await this.readToken() };
    } catch {
      return undefined;
    }
  }

  private async readToken(): Promise<string> {
    return (await fs.readFile(path.join(this.dataDir, 'admin-token'), 'utf8')).trim();
  }

  private spawnService(): Promise<LocalEndpoint> {
    const runtime = localServiceRuntime(vscode.workspace.getConfiguration('modelbay').get<string>('local.nodePath'));
    const node = runtime.command;
    this.log.info(`Starting the Local service (${runtime.source === 'setting' ? 'modelbay.local.nodePath' : "VS Code's own runtime"}): ${node} ${this.serverScript} --data ${this.dataDir}`);
    const child = spawn(node, localServiceArguments(this.serverScript, this.dataDir), {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: runtime.env,
    });
    this.child = child;
    this.stopping = false;
    child.stderr.on('data', (chunk: Buffer) => this.relayLog(chunk.toString('utf8')));
    return new Promise<LocalEndpoint>((resolve, reject) => {
      let stdout = '';
      const timer = setTimeout(() => reject(new Error(`the Local service did not start within ${START_TIMEOUT_MS / 1000} s; see the Modelbay log`)), START_TIMEOUT_MS);
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString('utf8');
        const match = /listening on (http:\/\/\S+)/.exec(stdout);
        if (!match) return;
        clearTimeout(timer);
        this.readToken().then((token) => {
          this.log.info(`Local service listening on ${match[1]}`);
          resolve({ url: match[1]!, token });
          this.changed.fire();
        }, reject);
      });
      child.once('error', (error) => {
        clearTimeout(timer);
        reject(new Error(cannotStartMessage(runtime, error.message)));
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(exitedEarlyMessage(runtime, signal ?? `code ${code}`)));
        this.onExit(child, code, signal);
      });
    });
  }

  /** The service logs pino JSON lines on stderr; they are relayed at their level. */
  private relayLog(text: string): void {
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      try {
        const entry = JSON.parse(line) as { level?: number; msg?: string } & Record<string, unknown>;
        const { level = 30, msg = '', time: _t, pid: _p, hostname: _h, ...rest } = entry;
        const extra = Object.keys(rest).length > 0 ? ` ${JSON.stringify(rest)}` : '';
        const message = `[service] ${msg}${extra}`;
        if (level >= 50) this.log.error(message);
        else if (level >= 40) this.log.warn(message);
        else this.log.info(message);
      } catch {
        this.log.info(`[service] ${line}`);
      }
    }
  }

  private onExit(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (this.child !== child) return;
    this.child = undefined;
    this.starting = undefined;
    if (this.stopping) return;
    const now = Date.now();
    this.restarts = [...this.restarts.filter((t) => now - t < 60_000), now];
    this.log.warn(`The Local service exited unexpectedly (${signal ?? `code ${code}`}).`);
    this.changed.fire();
    if (this.restarts.length > MAX_RESTARTS_PER_MINUTE) {
      const reason = new Error('it keeps exiting, so it is not restarted again. Use "Modelbay: Restart the Local Service" after fixing the cause (see the log).');
      reportFailure(this.log, reason, 'The Local service');
      return;
    }
    setTimeout(() => {
      if (this.stopping || this.child) return;
      this.log.info('Restarting the Local service');
      this.ensureRunning().catch((error: unknown) => reportFailure(this.log, error, 'Restarting the Local service'));
    }, 500);
  }
}
