import * as vscode from 'vscode';
import { ModelbayApiError } from '../../api/client/errors';
import type { AsyncOperationStatus, ErrorResponse } from '../../api/schemas';
import type { AccountConnections } from '../accounts/accountConnections';

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
const FIRST_POLL_MS = 400;
const MAX_POLL_MS = 5_000;

/**
 * Follows every async operation through its Operation-Location with back-off until it ends. The ones in flight
 * are kept in workspace-independent state, so a window reload resumes them.
 */
export class OperationTracker implements vscode.Disposable {
  private readonly running = new Map<string, { op: TrackedOperation; done: Promise<FinishedOperation> }>();
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
    const done = this.follow(op);
    this.running.set(op.id, { op, done });
    void this.persist();
    this.changed.fire();
    return done;
  }

  /** Picks up what a previous window left in flight. */
  resume(): void {
    for (const op of this.state.get<TrackedOperation[]>(STATE_KEY, [])) {
      this.log.info(`Resuming operation ${op.label} (${op.id})`);
      void this.track(op);
    }
  }

  dispose(): void {
    this.disposed = true;
  }

  private async follow(op: TrackedOperation): Promise<FinishedOperation> {
    let wait = FIRST_POLL_MS;
    let failures = 0;
    for (;;) {
      if (this.disposed) return new Promise(() => undefined); // the window is closing; state stays for the next one
      try {
        const connection = await this.connections.connect(op.accountId);
        const status = await connection.account.getOperationAt(op.location);
        failures = 0;
        if (status.state === 'Succeeded' || status.state === 'Failed' || status.state === 'Cancelled') {
          return this.finish({ ...op, state: status.state, status, error: status.error, finishedAt: Date.now() });
        }
      } catch (error) {
        if (error instanceof ModelbayApiError && error.statusCode === 404) {
          return this.finish({ ...op, state: 'Failed', error: { code: error.code, message: 'The service no longer knows this operation.' }, finishedAt: Date.now() });
        }
        failures++;
        this.log.warn(`Polling ${op.label} failed (${failures}): ${(error as Error).message}`);
      }
      await new Promise((r) => setTimeout(r, wait));
      wait = Math.min(Math.round(wait * 1.5), MAX_POLL_MS);
    }
  }

  private finish(result: FinishedOperation): FinishedOperation {
    this.running.delete(result.id);
    this.finished.unshift(result);
    this.finished.splice(20);
    void this.persist();
    this.log.info(`${result.label}: ${result.state}${result.error ? ` (${result.error.code}: ${result.error.message})` : ''}`);
    this.changed.fire();
    this.ended.fire(result);
    return result;
  }

  private async persist(): Promise<void> {
    await this.state.update(STATE_KEY, this.inFlight());
  }
}
