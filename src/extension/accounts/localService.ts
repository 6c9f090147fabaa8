import { spawn, type ChildProcess } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
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

  /** The running service's URL and admin token, starting it if needed. */
  ensureRunning(): Promise<LocalEndpoint> {
    this.starting ??= this.startOrReuse().catch((error: unknown) => {
      this.starting = undefined;
      throw error;
    });
    return this.starting;
  }

  async restart(): Promise<LocalEndpoint> {
    await this.stop();
    this.stopping = false;
    return this.ensureRunning();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.starting = undefined;
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
    void this.stop();
  }

  private async startOrReuse(): Promise<LocalEndpoint> {
    await fs.mkdir(this.dataDir, { recursive: true });
    const reused = await this.runningElsewhere();
    if (reused) {
      this.log.info(`Reusing the Local service already running at ${reused.url}`);
      return reused;
    }
    return this.spawnService();
  }

  private async runningElsewhere(): Promise<LocalEndpoint | undefined> {
    try {
      const state = JSON.parse(await fs.readFile(path.join(this.dataDir, 'service.json'), 'utf8')) as { url: string; pid: number };
      if (!alive(state.pid) || !(await healthy(state.url))) return undefined;
      return { url: state.url, token: await this.readToken() };
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
      this.log.error('The Local service keeps exiting; not restarting it again. Use "Modelbay: Restart the Local Service" after fixing the cause.');
      return;
    }
    setTimeout(() => {
      if (this.stopping || this.child) return;
      this.log.info('Restarting the Local service');
      this.ensureRunning().catch((error: Error) => this.log.error(`Restart failed: ${error.message}`));
    }, 500);
  }
}
