import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ImageSpec } from '../images/imageBuilder';
import { ReplicaLifecycle, type Replica, type ReplicaExit } from './replica';
import type { ReplicaOutput } from './replicaOutput';
import type { DeclaredSchema, ReplicaMessage, ScoreCall, ScoreResult, WorkerCall } from './scoreRequest';
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
  /** The service's live log. */
  log?: ReplicaOutput;
}

/** A Node or Onnx replica: a worker thread that loads the image once (onnxruntime runs on its thread). */
export class WorkerReplica implements Replica {
  readonly id: number;
  private worker: Worker | undefined;
  private readonly lifecycle: ReplicaLifecycle;

  constructor(private readonly options: WorkerReplicaOptions) {
    this.id = options.id;
    this.lifecycle = new ReplicaLifecycle(async () => {
      await this.worker?.terminate();
    }, options.log);
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
    const lifecycle = this.lifecycle;
    // The driver's console (console.log, process.stdout.write) arrives here from the worker's thread.
    worker.stdout.setEncoding('utf8').on('data', (text: string) => lifecycle.printed('stdout', text));
    worker.stderr.setEncoding('utf8').on('data', (text: string) => lifecycle.printed('stderr', text));
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
          this.lifecycle.pending.settle(id, result);
        }
      });
      worker.on('error', (error) => {
        lifecycle.printed('stderr', `${error.name}: ${error.message}\n`);
        if (!ready) reject(error);
      });
      worker.on('exit', (code) => {
        const tail = this.lifecycle.tail();
        const reason = `the worker exited with code ${code}${tail ? `: ${tail}` : ''}`;
        if (!ready) reject(new Error(reason));
        this.lifecycle.gone(reason);
      });
    });
  }

  call(call: ScoreCall, timeoutMs: number): Promise<ScoreResult> {
    const worker = this.worker!;
    return this.lifecycle.call(timeoutMs, (id) => {
      const message: WorkerCall = { id, text: call.text, tablesOnly: call.tablesOnly, details: call.details, records: call.records };
      worker.postMessage(message);
    });
  }

  stop(): Promise<void> {
    return this.lifecycle.stop();
  }

  onExit(listener: (exit: ReplicaExit) => void): void {
    this.lifecycle.onExit(listener);
  }
}
