import * as vscode from 'vscode';
import type { OperationTracker, TrackedOperation } from '../operations/operationTracker';

/** What changed: a service (created, updated, deployed, deleted), its endpoints, an endpoint's keys, or an asset-like resource. */
export type ResourceKind = 'service' | 'endpoint' | 'keys' | 'model' | 'manifest' | 'image';

export interface ResourceChange {
  accountId: string;
  kind: ResourceKind;
  /**
   * The service's name for `service`, `endpoint` and `keys` (names are unique in an account, and an operation in
   * flight knows its service only by name); absent for the other kinds.
   */
  service?: string;
}

/**
 * The one signal that something in an account changed, whoever changed it: a command, a panel, or an operation that
 * started or ended. Panels listen to it to show the resource as it is now, not as it was when they opened.
 */
export class ResourceChanges implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<ResourceChange>();
  readonly onDidChange = this.emitter.event;

  fire(accountId: string, kind: ResourceKind, service?: string): void {
    this.emitter.fire({ accountId, kind, service });
  }

  /** Fires for every operation when it starts and when it ends (a deploy or update changes its service twice). */
  followOperations(operations: OperationTracker): vscode.Disposable {
    const fireFor = (op: TrackedOperation) => this.fire(op.accountId, op.kind === 'Service' ? 'service' : 'image', op.kind === 'Service' ? op.resourceName : undefined);
    let seen = new Set(operations.inFlight().map((op) => op.id));
    return vscode.Disposable.from(
      operations.onDidChange(() => {
        const now = operations.inFlight();
        for (const op of now) if (!seen.has(op.id)) fireFor(op);
        seen = new Set(now.map((op) => op.id));
      }),
      operations.onDidFinish(fireFor),
    );
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
