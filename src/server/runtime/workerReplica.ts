import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ImageSpec } from '../images/imageBuilder';
import { OutputTail, PendingCalls, type Replica, type ReplicaExit } from './replica';
import type { DeclaredSchema, ReplicaMessage, ScoreRequest, ScoreResult } from './scoreRequest';
import type { ReplicaWorkerData } from './workers/replicaWorker';

/** The worker bundle sits beside the service bundle (dist/replicaWorker.js). */
export const WORKER_SCRIPT = path.join(__dirname, 'replicaWorker.js');

export interface WorkerReplicaOptions {
  id: number;
  imageDir: string;
  spec: ImageSpec;
  env: Record<string, string>;
  /** V8 heap limit of the worker, from the service's memory reservation. */
  memoryMb?: number;
}

/** A Node or Onnx replica: a worker thread that loads the image once (onnxruntime runs on its thread). */
export class WorkerReplica implements Replica {
  readonly id: number;
  private worker: Worker | undefined;
  private readonly pending = new PendingCalls();
  private readonly output = new OutputTail();
  private readonly exitListeners: ((exit: ReplicaExit) => void)[] = [];
  private stopping = false;
  private recycling = false;
  private exited = false;

  constructor(private readonly options: WorkerReplicaOptions) {
    this.id = options.id;
  }

  start(): Promise<DeclaredSchema | undefined> {
    const data: ReplicaWorkerData = { imageDir: this.options.imageDir, spec: this.options.spec };
    const worker = new Worker(WORKER_SCRIPT, {
      workerData: data,
      env: { ...process.env, ...this.options.env },
      stdout: true,
      stderr: true,
      resourceLimits: this.options.memoryMb ? { maxOldGenerationSizeMb: this.options.memoryMb } : undefined,
    });
    this.worker = worker;
    worker.stdout.on('data', (c: Buffer) => this.output.push(c.toString('utf8')));
    worker.stderr.on('data', (c: Buffer) => this.output.push(c.toString('utf8')));
    return new Promise((resolve, reject) => {
      let ready = false;
      worker.on('message', (message: ReplicaMessage) => {
        if (message.type === 'ready') {
          ready = true;
          resolve(message.schema);
        } else if (message.type === 'initFailed') {
          reject(new Error(message.message));
          void worker.terminate();
        } else {
          const { type: _type, id, ...result } = message;
          this.pending.settle(id, result as ScoreResult);
        }
      });
      worker.on('error', (error) => {
        this.output.push(`${error.name}: ${error.message}`);
        if (!ready) reject(error);
      });
      worker.on('exit', (code) => {
        const reason = this.stopping ? 'stopped' : `the worker exited with code ${code}${this.output.text() ? `: ${this.output.text().split('\n').slice(-3).join(' | ')}` : ''}`;
        if (!ready) reject(new Error(reason));
        this.finish({ expected: this.stopping && !this.recycling, recycled: this.recycling, reason: this.recycling ? 'recycled after a call timed out' : reason });
      });
    });
  }

  call(request: ScoreRequest, timeoutMs: number): Promise<ScoreResult> {
    const { id, result } = this.pending.add(timeoutMs, () => void this.recycle());
    this.worker!.postMessage({ id, request });
    return result;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.worker?.terminate();
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
