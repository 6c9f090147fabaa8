import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { ReplicaLifecycle, type Replica, type ReplicaExit } from './replica';
import type { ReplicaOutput } from './replicaOutput';
import type { HostLaunch, HostRuntime } from './sandbox/hostLaunch';
import { isFailure, readCall, writeAnswer } from './scoreBody';
import type { RrsAnswerShape } from './tableFormat';
import { driverInput, type DeclaredSchema, type ScoreCall, type ScoreRequest, type ScoreResult } from './scoreRequest';

export interface ProcessReplicaOptions {
  id: number;
  /** Which host runs: named in the reasons a replica could not start or stopped. */
  runtime: HostRuntime;
  /** How the host starts (confined in a sandbox or not; the memory reservation is part of it). */
  launch: () => Promise<HostLaunch>;
  /** The service's live log. */
  log?: ReplicaOutput;
}

type HostLine = { ready: true; schema?: DeclaredSchema } | { ready: false; error: string } | { id: number; ok: boolean; result?: string; error?: string; status?: number };

/**
 * A Python or Node driver replica in a child process: `python3 serve/modelbay_host.py --stdio` from the image, or
 * the Node host (dist/nodeDriverHost.js), either in a sandbox or not. Requests go in on stdin as JSON lines,
 * answers come back on fd 3, so whatever the driver prints (stdout, stderr) is only ever log output.
 */
export class ProcessReplica implements Replica {
  readonly id: number;
  private child: ChildProcess | undefined;
  private readonly lifecycle: ReplicaLifecycle;
  /** Calls sent to the host and not answered yet: how each answer is to be written (RRS or not, details, records). */
  private readonly requests = new Map<number, { request: ScoreRequest; shape: RrsAnswerShape }>();

  constructor(private readonly options: ProcessReplicaOptions) {
    this.id = options.id;
    this.lifecycle = new ReplicaLifecycle(() => this.kill(), options.log);
  }

  async start(): Promise<DeclaredSchema | undefined> {
    const launch = await this.options.launch();
    if (this.lifecycle.isStopping) throw new Error(`the replica was stopped before the ${this.options.runtime} host started`);
    const child = spawn(launch.file, launch.args, { cwd: launch.cwd, env: launch.env, stdio: ['pipe', 'pipe', 'pipe', 'pipe'] });
    this.child = child;
    const lifecycle = this.lifecycle;
    // The host sends its answers on fd 3: stdout and stderr are only ever what the driver (or Python) prints.
    child.stdout.setEncoding('utf8').on('data', (text: string) => lifecycle.printed('stdout', text));
    child.stderr.setEncoding('utf8').on('data', (text: string) => lifecycle.printed('stderr', text));
    child.stdin.on('error', () => undefined); // a dead host is reported through 'exit'
    const host = `the ${this.options.runtime} host`;
    return new Promise((resolve, reject) => {
      let ready = false;
      const lines = createInterface({ input: child.stdio[3] as Readable });
      lines.on('line', (line) => {
        let message: HostLine;
        try {
          message = JSON.parse(line) as HostLine;
        } catch {
          lifecycle.printed('stderr', `unreadable protocol line: ${line.slice(0, 200)}\n`);
          return;
        }
        if ('ready' in message) {
          if (message.ready) {
            ready = true;
            resolve(message.schema);
          } else reject(new Error(message.error));
          return;
        }
        const request = this.requests.get(message.id);
        this.requests.delete(message.id);
        const result: ScoreResult = message.ok
          ? answerOf(request, message.result ?? 'null')
          : { ok: false, status: message.status ?? 500, code: 'ModuleExecutionError', message: message.error ?? 'the driver failed' };
        this.lifecycle.pending.settle(message.id, result);
      });
      child.on('error', (error) => {
        if (!ready) reject(new Error(`${host} could not start: ${error.message}`));
      });
      child.on('exit', (code, signal) => {
        const tail = this.lifecycle.tail();
        const reason = `${host} exited with ${signal ? `signal ${signal}` : `code ${code}`}${tail ? `: ${tail}` : ''}`;
        if (!ready) reject(new Error(reason));
        this.lifecycle.gone(reason);
      });
    });
  }

  /**
   * The body is parsed here, on the service's thread (the host protocol of images already built takes the
   * driver's input as JSON text), and written once more for the host; the answer comes back as JSON text.
   */
  call(call: ScoreCall, timeoutMs: number): Promise<ScoreResult> {
    const request = readCall(call, this.options.runtime);
    if (isFailure(request)) return Promise.resolve(request);
    const stdin = this.child!.stdin!;
    return this.lifecycle.call(timeoutMs, (id) => {
      const line = `${JSON.stringify({ id, body: JSON.stringify(driverInput(request)) })}\n`;
      this.requests.set(id, { request, shape: { details: call.details, records: call.records } });
      stdin.write(line);
    });
  }

  stop(): Promise<void> {
    return this.lifecycle.stop();
  }

  onExit(listener: (exit: ReplicaExit) => void): void {
    this.lifecycle.onExit(listener);
  }

  private async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }
}

/** The driver's answer (JSON text from the host): sent as it is, once it is known to be JSON, or as RRS Results. */
function answerOf(sent: { request: ScoreRequest; shape: RrsAnswerShape } | undefined, text: string): ScoreResult {
  let output: unknown;
  try {
    output = JSON.parse(text); // Python's json.dumps writes NaN and Infinity, which are not JSON
  } catch {
    return { ok: false, status: 500, code: 'ModuleExecutionError', message: 'the driver returned something that is not JSON' };
  }
  if (!sent || sent.request.kind !== 'table') return { ok: true, text };
  return writeAnswer(sent.request, { ok: true, output }, sent.shape);
}
