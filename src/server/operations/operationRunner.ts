import type { FastifyBaseLogger } from 'fastify';
import type { ErrorResponse } from '../../api/schemas';
import { ApiError } from '../errors';
import { withoutServerPaths } from '../errorHandler';
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

/**
 * Runs accepted operations one after another, persisting every state change. Work is stored with the
 * operation, so after a crash `resumeUnfinished` starts it again, or fails it with a reason after too many tries.
 */
export class OperationRunner {
  private queue: OperationRecord[] = [];
  private current: Promise<void> | undefined;
  private stopping = false;
  private handlers: OperationHandlers | undefined;
  private log: Pick<FastifyBaseLogger, 'info' | 'warn'> = { info: () => undefined, warn: () => undefined };

  constructor(
    private readonly operations: OperationRepository,
    private readonly hidePaths: PathHider,
  ) {}

  /** Handlers and the logger arrive after construction: they come from the app built around this runner. */
  start(handlers: OperationHandlers, log: Pick<FastifyBaseLogger, 'info' | 'warn'>): void {
    this.handlers = handlers;
    this.log = log;
  }

  submit(record: OperationRecord): void {
    if (this.stopping) return; // stays NotStarted in the store; the next start resumes it
    this.queue.push(record);
    this.pump();
  }

  async resumeUnfinished(): Promise<number> {
    const unfinished = await this.operations.listUnfinished();
    for (const record of unfinished) {
      if (record.work.attempts >= MAX_OPERATION_ATTEMPTS) {
        await this.finish(record, {
          code: 'OperationInterrupted',
          message: `The service stopped ${record.work.attempts} times while this operation ran; it was given up.`,
        });
      } else {
        this.log.info({ operation: record.status.id }, 'resuming an operation after a restart');
        this.submit(record);
      }
    }
    return unfinished.length;
  }

  /** Stops taking work and waits for the running operation; queued ones stay in the store for the next start. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.queue = [];
    await this.current;
  }

  private pump(): void {
    if (this.current || this.queue.length === 0) return;
    const next = this.queue.shift()!;
    this.current = this.runOne(next).finally(() => {
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
