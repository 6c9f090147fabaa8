import type * as vscode from 'vscode';
import type { AccountHandle, AccountConnections } from '../accounts/accountConnections';

/** Every row of the Modelbay tree: one small interface, dependencies passed in, nothing but loading in getChildren. */
export interface TreeNode {
  readonly id: string;
  readonly parent?: TreeNode;
  getTreeItem(): vscode.TreeItem;
  getChildren?(): Promise<TreeNode[]>;
  /** Forgets what was loaded, so the next getChildren reads the service again. */
  reset?(): void;
}

/** What nodes need from the tree around them. */
export interface TreeContext {
  readonly connections: AccountConnections;
  /** Re-renders a node (or the whole tree). */
  refresh(node?: TreeNode): void;
  /** The name/tag filter typed by the user, lower-cased, if any. */
  readonly filter: string | undefined;
  /** How many items one page loads. */
  readonly pageSize: number;
}

/** A node standing for one resource of an account (what commands act on). */
export interface ResourceNode<K extends string, T> extends TreeNode {
  readonly kind: K;
  readonly account: AccountHandle;
  readonly resource: T;
}

/** True when the filter (a substring of a name, or an exact tag) lets the item show. */
export function passesFilter(filter: string | undefined, name: string, tags: string[] = []): boolean {
  if (!filter) return true;
  return name.toLowerCase().includes(filter) || tags.some((t) => t.toLowerCase() === filter);
}
