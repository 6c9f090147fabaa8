import * as vscode from 'vscode';
import type { AccountConnections, AccountHandle } from '../accounts/accountConnections';
import type { CallerRoles } from '../accounts/callerRoles';
import { AccountNode } from './accountNode';
import type { JobStatus } from '../../api/schemas';
import type { JobRows, TreeJobs } from './jobNodes';
import type { TreeContext, TreeNode } from './treeNode';

const sameHandle = (a: AccountHandle, b: AccountHandle) => a.label === b.label && a.url === b.url && a.address === b.address && a.kind === b.kind;

/** The Accounts view: accounts at the top, everything below loaded lazily when expanded. */
export class ModelbayTreeProvider implements vscode.TreeDataProvider<TreeNode>, TreeContext {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private accountNodes = new Map<string, AccountNode>();
  /** The endpoint rows that loaded their jobs, by account and endpoint id. */
  private readonly jobRows = new Map<string, TreeNode & JobRows>();
  filter: string | undefined;

  constructor(
    readonly connections: AccountConnections,
    readonly jobs: TreeJobs,
    readonly roles: CallerRoles,
  ) {
    connections.onDidChange(() => this.refresh());
  }

  get pageSize(): number {
    return vscode.workspace.getConfiguration('modelbay').get<number>('pageSize', 50);
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    return node.getTreeItem();
  }

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    if (node) return node.getChildren ? node.getChildren() : [];
    const handles = this.connections.all();
    void vscode.commands.executeCommand('setContext', 'modelbay.noAccounts', handles.length === 0);
    // Keep nodes across refreshes so expanded accounts keep their loaded folders unless reset; an account whose name,
    // URL or address was edited gets a new node, which connects again.
    const next = new Map<string, AccountNode>();
    for (const handle of handles) {
      const kept = this.accountNodes.get(handle.id);
      next.set(handle.id, kept && sameHandle(kept.account, handle) ? kept : new AccountNode(handle, this));
    }
    this.accountNodes = next;
    return [...next.values()];
  }

  getParent(node: TreeNode): TreeNode | undefined {
    return node.parent;
  }

  refresh(node?: TreeNode): void {
    this.changed.fire(node);
  }

  /** Forgets what a node (or every account) loaded and shows it again. */
  reload(node?: TreeNode): void {
    if (node) node.reset?.();
    else for (const account of this.accountNodes.values()) account.reset();
    this.refresh(node);
  }

  showsJobs(accountId: string, endpointId: string, node: TreeNode & JobRows): void {
    this.jobRows.set(`${accountId}/${endpointId}`, node);
  }

  /** Loads an endpoint's jobs again, if its row showed them (a job was submitted, started, deleted). */
  reloadJobs(accountId: string, endpointId: string): void {
    const node = this.jobRows.get(`${accountId}/${endpointId}`);
    if (node) this.reload(node);
  }

  /** A followed job moved on: its row shows the new status in place, or the endpoint's jobs load again when it has none yet. */
  jobChanged(accountId: string, endpointId: string, jobId: string, status: JobStatus | undefined): void {
    const rows = this.jobRows.get(`${accountId}/${endpointId}`);
    if (!rows) return;
    const row = status && rows.update(jobId, status);
    if (row) this.refresh(row);
    else this.reload(rows);
  }

  /** The account node of an account id (for refreshing after an operation). */
  accountNode(accountId: string): AccountNode | undefined {
    return this.accountNodes.get(accountId);
  }

  setFilter(filter: string | undefined): void {
    this.filter = filter?.trim().toLowerCase() || undefined;
    void vscode.commands.executeCommand('setContext', 'modelbay.filtered', this.filter !== undefined);
    this.refresh();
  }
}
