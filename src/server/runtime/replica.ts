import type { ReplicaOutput } from './replicaOutput';
import type { DeclaredSchema, ScoreCall, ScoreResult } from './scoreRequest';

/** Why a replica stopped answering: it exited or crashed on its own, or was told to stop. */
export interface ReplicaExit {
  /** Stopped on purpose (drain, scale-in, shutdown): nothing to replace. */
  expected: boolean;
  /** Killed after a call timed out: replaced at once, and not counted as a crash. */
  recycled: boolean;
  reason: string;
}

/** One loaded copy of an image answering score calls: a worker thread or a child process. */
export interface Replica {
  readonly id: number;
  /** Loads the image; resolves with what the model or driver declares, rejects with why it could not load. */
  start(): Promise<DeclaredSchema | undefined>;
  /** Runs one call; a call past `timeoutMs` resolves as 504 BackendScoreTimeout (the pool then recycles us). */
  call(call: ScoreCall, timeoutMs: number): Promise<ScoreResult>;
  stop(): Promise<void>;
  /** Called once when the replica is gone, whether it crashed or was stopped. */
  onExit(listener: (exit: ReplicaExit) => void): void;
}

export const TIMEOUT_RESULT = (timeoutMs: number): ScoreResult => ({
  ok: false,
  status: 504,
  code: 'BackendScoreTimeout',
  message: `The model did not answer within ${timeoutMs} ms; the replica is being recycled.`,
});

interface PendingCall {
  settle: (result: ScoreResult) => void;
  deadline: number;
  timeoutMs: number;
  onTimeout: () => void;
}

/**
 * Tracks calls in flight by id: each settles once, by its answer, its timeout, or the replica's exit. One timer per
 * replica, set for the earliest deadline, instead of a timer armed and cleared per call: calls share their
 * service's timeout, so in the usual case the timer is set once per timeout period, whatever the call rate.
 */
export class PendingCalls {
  private nextId = 1;
  private readonly calls = new Map<number, PendingCall>();
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Infinity;

  get size(): number {
    return this.calls.size;
  }

  add(timeoutMs: number, onTimeout: () => void): { id: number; result: Promise<ScoreResult> } {
    const id = this.nextId++;
    const deadline = performance.now() + timeoutMs;
    const result = new Promise<ScoreResult>((resolve) => {
      this.calls.set(id, { settle: resolve, deadline, timeoutMs, onTimeout });
    });
    if (deadline < this.timerAt) this.arm(deadline);
    return { id, result };
  }

  settle(id: number, result: ScoreResult): void {
    const call = this.calls.get(id);
    if (!call) return; // already timed out
    // The timer stays armed when the last call settles: the next call's deadline is later, so it needs no timer of
    // its own; a timer that finds nothing due simply ends.
    this.calls.delete(id);
    call.settle(result);
  }

  failAll(result: ScoreResult): void {
    for (const id of [...this.calls.keys()]) this.settle(id, result);
    this.disarm();
  }

  /** Settles every call past its deadline as timed out, then waits for the next deadline. */
  private expire(): void {
    this.timer = undefined;
    this.timerAt = Infinity;
    const now = performance.now();
    let next = Infinity;
    for (const [id, call] of [...this.calls]) {
      if (call.deadline <= now) {
        this.calls.delete(id);
        call.settle(TIMEOUT_RESULT(call.timeoutMs));
        call.onTimeout();
      } else if (call.deadline < next) next = call.deadline;
    }
    if (next !== Infinity && this.calls.size > 0) this.arm(next);
  }

  private arm(at: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = at;
    // A call must not end before its deadline: a timer may fire a little early, never late enough to matter.
    this.timer = setTimeout(() => this.expire(), Math.max(0, Math.ceil(at - performance.now())));
    this.timer.unref(); // the replica's thread or process keeps the service alive, not a deadline
  }

  private disarm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = Infinity;
  }
}

/** Keeps the last lines a replica printed. */
export class OutputTail {
  private lines: string[] = [];
  constructor(private readonly keep = 40) {}
  push(chunk: string): void {
    this.lines.push(...chunk.split('\n').filter((l) => l.length > 0));
    if (this.lines.length > this.keep) this.lines = this.lines.slice(-this.keep);
  }
  text(): string {
    return this.lines.join('\n');
  }
}

/**
 * What every replica kind shares: calls in flight, the output tail, and the exit bookkeeping (stopped on purpose,
 * recycled after a timeout, or crashed), reported once to the listeners.
 */
export class ReplicaLifecycle {
  readonly pending = new PendingCalls();
  readonly output = new OutputTail();
  private readonly listeners: ((exit: ReplicaExit) => void)[] = [];
  private stopping = false;
  private recycling = false;
  private exited = false;

  /** `kill` ends the thread or process; its exit must then be reported through `gone`. */
  constructor(
    private readonly kill: () => Promise<void>,
    /** The service's live log, when the replica belongs to a service. */
    readonly log?: ReplicaOutput,
  ) {}

  /** Text the replica printed: kept for a crash reason, and sent to the service's live log. */
  printed(stream: 'stdout' | 'stderr', text: string): void {
    this.output.push(text);
    this.log?.printed(stream, text);
  }

  get isStopping(): boolean {
    return this.stopping;
  }

  /**
   * Registers a call and hands it to the replica with `send`; if it times out, the replica is recycled. A body the
   * hand-off cannot carry (copying or serializing it overflows the stack: thousands of nested levels) is answered
   * 400 at once, so the call never holds a slot it cannot use.
   */
  call(timeoutMs: number, send: (id: number) => void): Promise<ScoreResult> {
    const { id, result } = this.pending.add(timeoutMs, () => void this.recycle());
    try {
      send(id);
    } catch (error) {
      const tooDeep = error instanceof RangeError;
      this.pending.settle(id, {
        ok: false,
        status: tooDeep ? 400 : 500,
        code: tooDeep ? 'InputTooDeep' : 'ReplicaUnavailable',
        message: tooDeep ? 'The request body is nested too deeply to pass to the model; flatten it.' : `The request could not be handed to the replica: ${(error as Error).message}`,
      });
    }
    return result;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.kill();
  }

  onExit(listener: (exit: ReplicaExit) => void): void {
    this.listeners.push(listener);
  }

  /** The thread or process ended: fail its calls and tell the pool why, once. */
  gone(reason: string): void {
    if (this.exited) return;
    this.exited = true;
    const exit: ReplicaExit = {
      expected: this.stopping && !this.recycling,
      recycled: this.recycling,
      reason: this.recycling ? 'recycled after a call timed out' : this.stopping ? 'stopped' : reason,
    };
    this.pending.failAll({ ok: false, status: 503, code: 'ReplicaUnavailable', message: `The replica stopped while scoring (${exit.reason}); retry.` });
    for (const listener of this.listeners) listener(exit);
  }

  /** The last lines, for a crash reason. */
  tail(lines = 3): string {
    return this.output.text().split('\n').slice(-lines).join(' | ');
  }

  private async recycle(): Promise<void> {
    this.recycling = true;
    await this.stop();
  }
}
