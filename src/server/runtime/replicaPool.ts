import type { ImageSpec } from '../images/imageBuilder';
import { ProcessReplica } from './processReplica';
import type { Replica } from './replica';
import type { ReplicaOutput } from './replicaOutput';
import { nodeHeapMb, type DriverHosts } from './sandbox/hostLaunch';
import type { DeclaredSchema, ScoreCall, ScoreResult } from './scoreRequest';
import { WorkerReplica } from './workerReplica';

export interface PoolSettings {
  replicas: number;
  perReplicaConcurrency: number;
  timeoutMs: number;
  memoryBytes?: number;
  /** How many admitted calls may wait for a free slot, and for how long, before they get 503. */
  queueLimit: number;
  queueWaitMs: number;
}

export interface PoolLog {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

/** Restarts allowed within CRASH_WINDOW_MS before the pool gives up and reports a crash loop. */
const CRASH_LIMIT = 4;
const CRASH_WINDOW_MS = 60_000;

interface Slot {
  replica: Replica;
  inFlight: number;
  ready: boolean;
  draining: boolean;
}

/** A call waiting for a slot: it gets one, or the refusal it answers with (queue full, waited too long, stopping). */
interface Waiter {
  settle: (outcome: Slot | ScoreResult) => void;
  timer: NodeJS.Timeout;
}

/** A pool's answer: the replica's, with the time it spent in the replica (the model) when the call reached one. */
export type TimedScoreResult = ScoreResult & { modelMs?: number };

export const THROTTLED = (message: string): ScoreResult => ({ ok: false, status: 503, code: 'RequestThrottled', message });

/**
 * The replicas of one image for one service: admits calls to free slots (per-replica concurrency), keeps a short
 * bounded queue, recycles a replica whose call timed out, restarts crashed ones, and reports a crash loop.
 */
export class ReplicaPool {
  private readonly slots = new Set<Slot>();
  private readonly waiting: Waiter[] = [];
  private nextReplicaId = 1;
  private crashes: number[] = [];
  private stopped = false;
  private failure: string | undefined;
  schema: DeclaredSchema | undefined;

  constructor(
    readonly imageDir: string,
    readonly spec: ImageSpec,
    /** How Python and Node drivers start here: confined in a sandbox, or not. */
    private readonly drivers: DriverHosts,
    private settings: PoolSettings,
    private readonly log: PoolLog,
    private readonly onCrashLoop: (reason: string) => void,
    /** Opens each new replica's output in the service's live log. */
    private readonly outputFor?: () => ReplicaOutput,
  ) {}

  /** Starts the replicas and resolves when all are loaded and answering; rejects with the first load error. */
  async start(): Promise<void> {
    const started = await Promise.allSettled(Array.from({ length: Math.max(1, this.settings.replicas) }, () => this.addReplica()));
    const failed = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) {
      await this.stop();
      throw failed.reason instanceof Error ? failed.reason : new Error(String(failed.reason));
    }
  }

  get readyReplicas(): number {
    return [...this.slots].filter((s) => s.ready && !s.draining).length;
  }

  get replicaCount(): number {
    return [...this.slots].filter((s) => !s.draining).length;
  }

  /** In flight plus waiting, over capacity: what the autoscaler steers by (can exceed 1 when calls wait). */
  utilization(): number {
    const capacity = this.replicaCount * this.settings.perReplicaConcurrency;
    const busy = [...this.slots].reduce((n, s) => n + s.inFlight, 0) + this.waiting.length;
    return capacity === 0 ? 1 : busy / capacity;
  }

  updateSettings(settings: Partial<PoolSettings>): void {
    this.settings = { ...this.settings, ...settings };
  }

  async score(call: ScoreCall): Promise<TimedScoreResult> {
    if (this.stopped) return { ok: false, status: 503, code: 'ServiceUnavailable', message: this.failure ?? 'The service is stopping.' };
    const slot = this.reserve(this.freeSlot()) ?? (await this.wait());
    if (!('replica' in slot)) return slot; // refused: the answer the caller gets
    const sent = performance.now();
    try {
      // Set on the replica's own answer object (one per call, no copy): usage and request logs read it. A replica's
      // exit answers its calls with one shared object, so their model times are then the last one set.
      const result: TimedScoreResult = await slot.replica.call(call, this.settings.timeoutMs);
      result.modelMs = performance.now() - sent;
      return result;
    } finally {
      slot.inFlight--;
      this.release();
    }
  }

  /** Grows or shrinks to `count` replicas; shrinking drains (calls in flight finish) before stopping. */
  async resize(count: number): Promise<void> {
    const target = Math.max(1, count);
    const live = [...this.slots].filter((s) => !s.draining);
    if (target > live.length) {
      await Promise.allSettled(Array.from({ length: target - live.length }, () => this.addReplica()));
    } else if (target < live.length) {
      const idlestFirst = live.sort((a, b) => a.inFlight - b.inFlight).slice(0, live.length - target);
      await Promise.all(idlestFirst.map((slot) => this.drainSlot(slot)));
    }
    this.settings.replicas = target;
  }

  /** Stops taking calls and waits for those in flight, then stops every replica. */
  async drain(): Promise<void> {
    this.stopped = true;
    await Promise.all([...this.slots].map((slot) => this.drainSlot(slot)));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const waiter of this.waiting.splice(0)) {
      clearTimeout(waiter.timer);
      waiter.settle({ ok: false, status: 503, code: 'ServiceUnavailable', message: 'The service is stopping.' });
    }
    await Promise.all([...this.slots].map((slot) => slot.replica.stop()));
    this.slots.clear();
  }

  /**
   * Python drivers run in a child process; Node drivers too when confined (a sandbox needs a process of its own),
   * in a worker thread otherwise (the fast path a service one person owns keeps); Onnx models in a worker thread.
   */
  private createReplica(log: ReplicaOutput | undefined): Replica {
    const id = this.nextReplicaId++;
    const { runtimeType } = this.spec;
    const memoryBytes = this.settings.memoryBytes;
    const properties = JSON.stringify(this.spec.properties ?? {});
    if (runtimeType === 'Python' || (runtimeType === 'Node' && this.drivers.confined)) {
      const launch = () => this.drivers.launch({ runtime: runtimeType, imageDir: this.imageDir, properties, memoryBytes });
      return new ProcessReplica({ id, runtime: runtimeType, launch, log });
    }
    const env = { MODELBAY_MODEL_DIR: `${this.imageDir}/models`, MODELBAY_PROPERTIES: properties };
    return new WorkerReplica({ id, imageDir: this.imageDir, spec: this.spec, env, memoryMb: nodeHeapMb(memoryBytes), log });
  }

  private async addReplica(): Promise<void> {
    const log = this.outputFor?.();
    const replica = this.createReplica(log);
    const slot: Slot = { replica, inFlight: 0, ready: false, draining: false };
    this.slots.add(slot);
    log?.event('starting');
    replica.onExit((exit) => {
      this.slots.delete(slot);
      if (slot.ready) log?.event(`exited: ${exit.reason}`);
      if (exit.expected || this.stopped || !slot.ready) return;
      if (exit.recycled) {
        this.log.info({ replica: replica.id }, 'replica recycled after a timeout; starting a fresh one');
        this.addReplica().catch((error: Error) => this.restartAfterCrash(`restart failed: ${error.message}`));
        return;
      }
      this.log.warn({ replica: replica.id, reason: exit.reason }, 'replica crashed; restarting it');
      this.restartAfterCrash(exit.reason);
    });
    try {
      this.schema = (await replica.start()) ?? this.schema;
    } catch (error) {
      this.slots.delete(slot);
      log?.event(`could not load: ${error instanceof Error ? error.message : String(error)}`);
      throw error;
    }
    log?.event('ready');
    slot.ready = true;
    this.release();
  }

  private restartAfterCrash(reason: string): void {
    const now = Date.now();
    this.crashes = [...this.crashes.filter((t) => now - t < CRASH_WINDOW_MS), now];
    if (this.crashes.length >= CRASH_LIMIT) {
      this.failure = `The model crashed ${this.crashes.length} times within ${CRASH_WINDOW_MS / 1000} s; last: ${reason}`;
      void this.stop();
      this.onCrashLoop(this.failure);
      return;
    }
    const delay = 100 * 2 ** (this.crashes.length - 1);
    setTimeout(() => {
      if (this.stopped) return;
      this.addReplica().catch((error: Error) => this.restartAfterCrash(`restart failed: ${error.message}`));
    }, delay);
  }

  private async drainSlot(slot: Slot): Promise<void> {
    slot.draining = true;
    while (slot.inFlight > 0) await new Promise((r) => setTimeout(r, 10));
    this.slots.delete(slot);
    await slot.replica.stop();
  }

  /** Counts a call on the slot at once, so no other call can take the same last place. */
  private reserve(slot: Slot | undefined): Slot | undefined {
    if (slot) slot.inFlight++;
    return slot;
  }

  private freeSlot(): Slot | undefined {
    let best: Slot | undefined;
    for (const slot of this.slots) {
      if (!slot.ready || slot.draining || slot.inFlight >= this.settings.perReplicaConcurrency) continue;
      if (!best || slot.inFlight < best.inFlight) best = slot;
    }
    return best;
  }

  private wait(): Promise<Slot | ScoreResult> {
    if (this.waiting.length >= this.settings.queueLimit) {
      return Promise.resolve(THROTTLED('All replicas are busy and the queue is full; retry shortly.'));
    }
    return new Promise((settle) => {
      const waiter: Waiter = {
        settle,
        timer: setTimeout(() => {
          const index = this.waiting.indexOf(waiter);
          if (index >= 0) this.waiting.splice(index, 1);
          settle(THROTTLED(`No replica was free within ${this.settings.queueWaitMs} ms; retry shortly.`));
        }, this.settings.queueWaitMs),
      };
      this.waiting.push(waiter);
    });
  }

  /** Hands freed slots to waiting calls, oldest first. */
  private release(): void {
    while (this.waiting.length > 0) {
      const slot = this.freeSlot();
      if (!slot) return;
      const waiter = this.waiting.shift()!;
      clearTimeout(waiter.timer);
      waiter.settle(this.reserve(slot)!);
    }
  }
}
