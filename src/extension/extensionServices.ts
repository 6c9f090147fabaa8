import type * as vscode from 'vscode';
import type { AccountConnections } from './accounts/accountConnections';
import type { LocalService } from './accounts/localService';
import type { ResourceChanges } from './core/resourceChanges';
import type { JobAccess } from './jobs/jobAccess';
import type { JobTracker } from './jobs/jobTracker';
import type { OperationTracker } from './operations/operationTracker';
import type { OpenPanels } from './panels/openPanels';
import type { AccountRequestData } from './requests/accountRequestData';
import type { ModelbayTreeProvider } from './tree/modelbayTreeProvider';

/** What activate builds once and hands to every command: no globals. */
export interface ExtensionServices {
  context: vscode.ExtensionContext;
  log: vscode.LogOutputChannel;
  connections: AccountConnections;
  local: LocalService;
  tree: ModelbayTreeProvider;
  operations: OperationTracker;
  /** Batch jobs followed until they end (status bar, tree, output), across window reloads. */
  jobs: JobTracker;
  /** Job clients for endpoints (the endpoint key from SecretStorage). */
  jobAccess: JobAccess;
  /** Endpoint keys and request history kept per account. */
  requestData: AccountRequestData;
  /** The form panels open now, one per subject (opening one again shows it). */
  panels: OpenPanels;
  /** Fired when a command, a panel or an operation changed a resource; panels refresh on it. */
  changes: ResourceChanges;
}
