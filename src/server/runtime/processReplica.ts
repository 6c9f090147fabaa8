import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { OutputTail, PendingCalls, type Replica, type ReplicaExit } from './replica';
import type { DeclaredSchema, ScoreRequest, ScoreResult } from './scoreRequest';

export interface ProcessReplicaOptions {
  id: number;
  imageDir: string;
  env: Record<string, string>;
  /** Address-space limit the host sets on itself (RLIMIT_AS), from the memory reservation. */
  memoryBytes?: number;
  python?: string;
}

type HostLine = { ready: true; schema?: DeclaredSchema } | { ready: false; error: string } | { id: number; ok: boolean; result?: string; error?: string; status?: number };

/**
 * A Python replica: `python3 serve/modelbay_host.py --stdio` from the image. Requests go in on stdin as JSON
 * lines, answers come back on fd 3, so whatever the driver prints (stdout, stderr) is only ever log output.
 */
export class ProcessReplica implements Replica {
  readonly id: number;
  private child: ChildProcess | undefined;
  private readonly pending = new PendingCalls();
  private readonly output = new OutputTail();
  private readonly exitListeners: ((exit: ReplicaExit) => void)[] = [];
  private stopping = false;
  private recycling = false;
  private exited = false;

  constructor(private readonly options: ProcessReplicaOptions) {
    this.id = options.id;
  }

  start(): Promise<DeclaredSchema | undefined> {
    const env: NodeJS.ProcessEnv = { ...process.env, ...this.options.env, PYTHONUNBUFFERED: '1', PYTHONDONTWRITEBYTECODE: '1' };
    if (this.options.memoryBytes) env.MODELBAY_MEMORY_LIMIT_BYTES = String(this.options.memoryBytes);
    const child = spawn(this.options.python ?? 'python3', [path.join(this.options.imageDir, 'serve', 'modelbay_host.py'), '--stdio'], {
      cwd: path.join(this.options.imageDir, 'app'),
      env,
      stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
    });
    this.child = child;
    child.stdout!.on('data', (c: Buffer) => this.output.push(c.toString('utf8')));
    child.stderr!.on('data', (c: Buffer) => this.output.push(c.toString('utf8')));
    child.stdin!.on('error', () => undefined); // a dead host is reported through 'exit'
    return new Promise((resolve, reject) => {
      let ready = false;
      const lines = createInterface({ input: child.stdio[3] as Readable });
      lines.on('line', (line) => {
        let message: HostLine;
        try {
          message = JSON.parse(line) as HostLine;
        } catch {
          this.output.push(`unreadable protocol line: ${line.slice(0, 200)}`);
          return;
        }
        if ('ready' in message) {
          if (message.ready) {
            ready = true;
            resolve(message.schema);
          } else reject(new Error(message.error));
          return;
        }
        const result: ScoreResult = message.ok
          ? parseOutput(message.result ?? 'null')
          : { ok: false, status: message.status ?? 500, code: 'ModuleExecutionError', message: message.error ?? 'the driver failed' };
        this.pending.settle(message.id, result);
      });
      child.on('error', (error) => {
        if (!ready) reject(new Error(`python3 could not start: ${error.message}`));
      });
      child.on('exit', (code, signal) => {
        const how = signal ? `signal ${signal}` : `code ${code}`;
        const tail = this.output.text().split('\n').slice(-3).join(' | ');
        const reason = this.stopping ? 'stopped' : `the Python host exited with ${how}${tail ? `: ${tail}` : ''}`;
        if (!ready) reject(new Error(reason));
        this.finish({ expected: this.stopping && !this.recycling, recycled: this.recycling, reason: this.recycling ? 'recycled after a call timed out' : reason });
      });
    });
  }

  call(request: ScoreRequest, timeoutMs: number): Promise<ScoreResult> {
    const body =
      request.kind === 'table'
        ? { Inputs: request.inputs, GlobalParameters: request.globalParameters }
        : request.kind === 'raw'
          ? request.body
          : { inputs: request.inputs };
    const { id, result } = this.pending.add(timeoutMs, () => void this.recycle());
    this.child!.stdin!.write(`${JSON.stringify({ id, body: JSON.stringify(body) })}\n`);
    return result;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }

  /** A call ran past its time limit: the replica may be stuck, so it is replaced. */
  private async recycle(): Promise<void> {
    this.recycling = true;
    await this.stop();
  }

  onExit(listener: (exit: ReplicaExit) => void): void {
    this.exitListeners.push(listener);
  }

  recentOutput(): string {
    return this.output.text();
  }

  private finish(exit: ReplicaExit): void {
    if (this.exited) return;
    this.exited = true;
    this.pending.failAll({ ok: false, status: 503, code: 'ReplicaUnavailable', message: `The replica stopped while scoring (${exit.reason}); retry.` });
    for (const listener of this.exitListeners) listener(exit);
  }
}

function parseOutput(text: string): ScoreResult {
  try {
    return { ok: true, output: JSON.parse(text) };
  } catch {
    return { ok: false, status: 500, code: 'ModuleExecutionError', message: 'the driver returned something that is not JSON' };
  }
}
