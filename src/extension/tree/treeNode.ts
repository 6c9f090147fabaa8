import type * as vscode from 'vscode';
import type { AccountConnections } from '../accounts/accountConnections';
import type { CallerRoles } from '../accounts/callerRoles';
import type { JobRows, TreeJobs } from './jobNodes';
import type { ResourceKind, ResourceRef } from './nodeRef';

/** Every row of the Modelbay tree: one small interface, dependencies passed in, nothing but loading in getChildren. */
export interface TreeNode {
  readonly id: string;
  readonly parent?: TreeNode;
  getTreeItem(): vscode.TreeItem;
  getChildren?(): Promise<TreeNode[]>;
  /** Forgets what was loaded, so the next getChildren reads the service again. */
  reset?(): void;
}

/** A row of the tree (what a row's own command passes back, e.g. an error row's Retry). */
export function isTreeNode(value: unknown): value is TreeNode {
  return typeof value === 'object' && value !== null && 'id' in value && typeof value.id === 'string' && 'getTreeItem' in value && typeof value.getTreeItem === 'function';
}

/** What nodes need from the tree around them. */
export interface TreeContext {
  readonly connections: AccountConnections;
  /** The role last read on each remote account, so a collapsed account's menus fit it. */
  readonly roles: CallerRoles;
  /** Re-renders a node (or the whole tree). */
  refresh(node?: TreeNode): void;
  /** The name/tag filter typed by the user, lower-cased, if any. */
  readonly filter: string | undefined;
  /** How many items one page loads. */
  readonly pageSize: number;
  /** Endpoints' batch jobs. */
  readonly jobs: TreeJobs;
  /** An endpoint row showing its jobs, so a job's progress updates its row (jobChanged). */
  showsJobs(accountId: string, endpointId: string, node: TreeNode & JobRows): void;
}

/** A node standing for one resource of an account: it is the reference commands act on. */
export type ResourceNode<K extends ResourceKind> = TreeNode & ResourceRef<K>;

/** True when the filter (a substring of a name, or an exact tag) lets the item show. */
export function passesFilter(filter: string | undefined, name: string, tags: string[] = []): boolean {
  if (!filter) return true;
  return name.toLowerCase().includes(filter) || tags.some((t) => t.toLowerCase() === filter);
}
