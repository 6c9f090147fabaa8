import type { FastifyBaseLogger } from 'fastify';
import type { ErrorResponse } from '../../api/schemas';
import { ApiError } from '../errors';
import { withoutServerPaths } from '../errorHandler';
import type { LeaseKeeper } from '../instances/leaseKeeper';
import type { PathHider } from '../serverPaths';
import type { OperationRecord, OperationRepository, OperationWork } from '../store/repositories';

export type OperationKind = OperationWork['kind'];

/** An operation record whose work is of one kind. */
export type RecordOf<K extends OperationKind> = OperationRecord & { work: Extract<OperationWork, { kind: K }> };

/** How many times an operation may be started (first run plus resumes after restarts) before it is failed. */
export const MAX_OPERATION_ATTEMPTS = 3;

/** Carries out one kind of operation; `abandon` marks its resource failed when the operation is given up. */
export interface OperationHandler<K extends OperationKind> {
  run(record: RecordOf<K>): Promise<void>;
  abandon(record: RecordOf<K>, error: ErrorResponse): Promise<void>;
}

export type OperationHandlers = { [K in OperationKind]: OperationHandler<K> };

function errorOf(error: unknown, hidePaths: PathHider): ErrorResponse {
  if (error instanceof ApiError) return withoutServerPaths(error.toResponse(), hidePaths);
  return { code: 'OperationFailed', message: hidePaths(error instanceof Error ? error.message : String(error)) };
}

/** The lease name of an operation. */
const leaseOf = (record: OperationRecord) => `operation:${record.status.id}`;

/**
 * Runs accepted operations one after another, persisting every state change. Work is stored with the operation,
 * so after a crash `resumeUnfinished` starts it again, or fails it with a reason after too many tries. Several
 * instances on one store share the work through leases: an operation runs on the instance holding its lease, and
 * when that instance dies another takes it over once the lease has ended (`takeOver`, polled).
 */
export class OperationRunner {
  private queue: OperationRecord[] = [];
  /** Ids queued or running here. */
  private readonly mine = new Set<string>();
  private current: Promise<void> | undefined;
  private stopping = false;
  private handlers: OperationHandlers | undefined;
  private poll: NodeJS.Timeout | undefined;
  private log: Pick<FastifyBaseLogger, 'info' | 'warn'> = { info: () => undefined, warn: () => undefined };

  constructor(
    private readonly operations: OperationRepository,
    private readonly hidePaths: PathHider,
    private readonly leases: LeaseKeeper,
  ) {}

  /** Handlers and the logger arrive after construction: they come from the app built around this runner. */
  start(handlers: OperationHandlers, log: Pick<FastifyBaseLogger, 'info' | 'warn'>): void {
    this.handlers = handlers;
    this.log = log;
  }

  /** Runs a newly accepted operation here, once its lease is taken (if another instance took it first, it runs there). */
  submit(record: OperationRecord): void {
    if (this.stopping) return; // stays NotStarted in the store; the next start resumes it
    this.mine.add(record.status.id);
    this.leases
      .claim(leaseOf(record))
      .then((won) => {
        if (won && !this.stopping) this.enqueue(record);
        else this.mine.delete(record.status.id);
      })
      .catch((error: unknown) => {
        // Left NotStarted in the store: the next takeover poll (here or on another instance) runs it.
        this.mine.delete(record.status.id);
        this.log.warn({ operation: record.status.id, err: error }, 'could not take the lease of an operation');
      });
  }

  /** What a previous run of this instance, or an instance that died, left unfinished: resumed here. */
  async resumeUnfinished(): Promise<number> {
    const taken = await this.takeOver();
    // From now on, work of instances that die is taken over once their leases end.
    this.poll = setInterval(() => {
      this.takeOver().catch((error: unknown) => this.log.warn({ err: error }, 'could not look for operations to take over'));
    }, Math.max(50, Math.floor(this.leases.leaseMs / 2)));
    this.poll.unref();
    return taken;
  }

  /** Stops taking work and waits for the running operation; queued ones stay in the store for the next start. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.poll) clearInterval(this.poll);
    const queued = this.queue;
    this.queue = [];
    // Queued work is given back at once, so another instance need not wait for the leases to end.
    await Promise.all(queued.map((record) => this.leases.release(leaseOf(record)).catch(() => undefined)));
    await this.current;
  }

  /** Every unfinished operation no live instance holds: taken here and resumed, or failed after too many starts. */
  private async takeOver(): Promise<number> {
    let taken = 0;
    for (const record of await this.operations.listUnfinished()) {
      if (this.stopping || this.mine.has(record.status.id)) continue;
      if (!(await this.leases.claim(leaseOf(record)))) continue; // another instance is on it
      taken++;
      if (record.work.attempts >= MAX_OPERATION_ATTEMPTS) {
        await this.finish(record, {
          code: 'OperationInterrupted',
          message: `The service stopped ${record.work.attempts} times while this operation ran; it was given up.`,
        });
        await this.leases.release(leaseOf(record));
      } else {
        this.log.info({ operation: record.status.id }, 'resuming an operation after a restart or another instance ended');
        this.mine.add(record.status.id);
        this.enqueue(record);
      }
    }
    return taken;
  }

  private enqueue(record: OperationRecord): void {
    this.queue.push(record);
    this.pump();
  }

  private pump(): void {
    if (this.current || this.queue.length === 0) return;
    const next = this.queue.shift()!;
    this.current = this.runOne(next)
      .then(() => this.leases.release(leaseOf(next)))
      .catch((error: unknown) => this.log.warn({ operation: next.status.id, err: error }, 'could not record the end of an operation'))
      .finally(() => {
        this.mine.delete(next.status.id);
        this.current = undefined;
        this.pump();
      });
  }

  private async runOne(record: OperationRecord): Promise<void> {
    const handler = this.handlerFor(record);
    const running: OperationRecord = {
      ...record,
      status: { ...record.status, state: 'Running' },
      work: { ...record.work, attempts: record.work.attempts + 1 },
    };
    await this.operations.update(running);
    try {
      await handler.run(running);
      await this.operations.update({ ...running, status: { ...running.status, state: 'Succeeded', endTime: new Date().toISOString() } });
    } catch (error) {
      if (this.stopping && !(error instanceof ApiError)) return; // interrupted by shutdown: resumed on next start
      this.log.warn({ operation: record.status.id, err: error }, 'operation failed');
      await this.finish(running, errorOf(error, this.hidePaths));
    }
  }

  /** The handler of the record's kind (the record's work kind and the handler's always agree). */
  private handlerFor(record: OperationRecord): OperationHandler<OperationKind> {
    const handler = this.handlers?.[record.work.kind] as OperationHandler<OperationKind> | undefined;
    if (!handler) throw new Error('OperationRunner.start was not called');
    return handler;
  }

  private async finish(record: OperationRecord, error: ErrorResponse): Promise<void> {
    await this.handlerFor(record).abandon(record, error);
    await this.operations.update({
      ...record,
      status: { ...record.status, state: 'Failed', endTime: new Date().toISOString(), error },
    });
  }
}
