import * as vscode from 'vscode';
import { ModelbayApiError, ModelbayOperationError } from '../../api/client/errors';
import { pollOperation } from '../../api/client/polling';
import type { AsyncOperationStatus, ErrorResponse } from '../../api/schemas';
import type { AccountConnections } from '../accounts/accountConnections';
import { describeError } from '../core/describeError';

/** An operation the user started, as remembered across window reloads (no secrets: where to poll, and a label). */
export interface TrackedOperation {
  id: string;
  accountId: string;
  location: string;
  /** "Deploying iris", "Building image iris" */
  label: string;
  kind: 'Image' | 'Service';
  /** The image or service name, for notifications. */
  resourceName: string;
  startedAt: number;
  /** A step of a larger flow (the image of a deploy): its success is not announced, only its failure. */
  quiet?: boolean;
}

export interface FinishedOperation extends TrackedOperation {
  state: 'Succeeded' | 'Failed' | 'Cancelled';
  status?: AsyncOperationStatus;
  error?: ErrorResponse;
  finishedAt: number;
}

const STATE_KEY = 'modelbay.operationsInFlight';

interface Following {
  op: TrackedOperation;
  done: Promise<FinishedOperation>;
  stop: AbortController;
}

/**
 * Follows every async operation with the API client's poll (one back-off for the extension and the client) until it
 * ends. The ones in flight are kept in workspace-independent state, so a window reload resumes them. An operation is
 * read by its id on the account's current connection, so a Local service that restarted on another port is followed.
 */
export class OperationTracker implements vscode.Disposable {
  private readonly running = new Map<string, Following>();
  private readonly finished: FinishedOperation[] = [];
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly ended = new vscode.EventEmitter<FinishedOperation>();
  private disposed = false;
  readonly onDidChange = this.changed.event;
  /** Fires once per operation when it reaches a final state. */
  readonly onDidFinish = this.ended.event;

  constructor(
    private readonly connections: AccountConnections,
    private readonly state: vscode.Memento,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  inFlight(): TrackedOperation[] {
    return [...this.running.values()].map((r) => r.op).sort((a, b) => b.startedAt - a.startedAt);
  }

  recent(): FinishedOperation[] {
    return [...this.finished];
  }

  /** Starts following an operation; resolves when it ends (never rejects: a failure is a FinishedOperation). */
  track(op: TrackedOperation): Promise<FinishedOperation> {
    const existing = this.running.get(op.id);
    if (existing) return existing.done;
    const stop = new AbortController();
    const done = this.follow(op, stop.signal);
    this.running.set(op.id, { op, done, stop });
    this.persist();
    this.changed.fire();
    return done;
  }

  /** Picks up what a previous window left in flight. */
  resume(): void {
    for (const op of this.state.get<TrackedOperation[]>(STATE_KEY, [])) {
      this.log.info(`Resuming operation ${op.label} (${op.id})`);
      // track() never rejects; what ends is announced through onDidFinish.
      this.track(op).catch(() => undefined);
    }
  }

  /** Stops following an account's operations and forgets them, unannounced (the account was removed). */
  forgetAccount(accountId: string): void {
    const forgotten = [...this.running.values()].filter((r) => r.op.accountId === accountId);
    for (const { op, stop } of forgotten) {
      this.running.delete(op.id);
      stop.abort(new Error('the account was removed'));
    }
    if (forgotten.length === 0) return;
    this.persist();
    this.changed.fire();
  }

  dispose(): void {
    this.disposed = true;
    for (const { stop } of this.running.values()) stop.abort(new Error('the window is closing'));
  }

  private async follow(op: TrackedOperation, signal: AbortSignal): Promise<FinishedOperation> {
    let last: AsyncOperationStatus | undefined;
    try {
      const status = await pollOperation(async () => (await this.connections.connect(op.accountId)).account.getOperation(op.id), {
        timeoutMs: Infinity,
        signal,
        onUpdate: (s) => (last = s),
        // A service that is restarting, or a network that is down, is waited for; a service that says it does not
        // know the operation is not.
        retryRead: (error, failures) => {
          if (error instanceof ModelbayApiError && error.statusCode === 404) return false;
          this.log.warn(`Polling ${op.label} failed (${failures}): ${describeError(error)}`);
          return true;
        },
      });
      return this.finish({ ...op, state: 'Succeeded', status, finishedAt: Date.now() });
    } catch (error) {
      // The window is closing (the state stays for the next one) or the account was removed: nothing to announce.
      if (signal.aborted) return new Promise(() => undefined);
      if (error instanceof ModelbayOperationError) {
        return this.finish({ ...op, state: last?.state === 'Cancelled' ? 'Cancelled' : 'Failed', status: last, error: error.error, finishedAt: Date.now() });
      }
      const gone = error instanceof ModelbayApiError && error.statusCode === 404;
      const reason = gone ? { code: error.code, message: 'The service no longer knows this operation.' } : { code: 'PollingFailed', message: describeError(error) };
      return this.finish({ ...op, state: 'Failed', error: reason, finishedAt: Date.now() });
    }
  }

  private finish(result: FinishedOperation): FinishedOperation {
    this.running.delete(result.id);
    this.finished.unshift(result);
    this.finished.splice(20);
    this.persist();
    this.log.info(`${result.label}: ${result.state}${result.error ? ` (${result.error.code}: ${result.error.message})` : ''}`);
    this.changed.fire();
    this.ended.fire(result);
    return result;
  }

  /** Saves what is in flight; once the window is closing the state is left as it is, for the next window. */
  private persist(): void {
    if (this.disposed) return;
    this.state.update(STATE_KEY, this.inFlight()).then(undefined, (error: unknown) => this.log.warn(`Could not save the operations in flight: ${describeError(error)}`));
  }
}
