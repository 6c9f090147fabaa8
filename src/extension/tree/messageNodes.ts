import * as vscode from 'vscode';
import { describeError } from '../core/describeError';
import type { Pager } from './pager';
import type { TreeContext, TreeNode } from './treeNode';

/** A row saying something went wrong, with the service's words; clicking it retries. */
export class ErrorNode implements TreeNode {
  readonly id: string;
  /** `contextValue` tags the row for menus (an account's error row offers Edit Account). */
  constructor(
    readonly parent: TreeNode,
    private readonly error: unknown,
    private readonly contextValue = 'modelbay.error',
  ) {
    this.id = `${parent.id}/error`;
  }
  getTreeItem(): vscode.TreeItem {
    const message = describeError(this.error);
    const item = new vscode.TreeItem(message, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
    const fix = this.contextValue === 'modelbay.error.remoteAccount' ? ' A wrong URL or token is changed with Edit Account... (the pencil).' : '';
    item.tooltip = new vscode.MarkdownString(`**Could not load.**\n\n${message}\n\nClick to retry.${fix}`);
    item.contextValue = this.contextValue;
    item.command = { command: 'modelbay.refreshNode', title: 'Retry', arguments: [this.parent] };
    return item;
  }
}

/** A quiet row: "No models yet", "Starting the Local service...". */
export class MessageNode implements TreeNode {
  readonly id: string;
  constructor(
    readonly parent: TreeNode,
    private readonly text: string,
    private readonly icon = 'info',
  ) {
    this.id = `${parent.id}/message/${text}`;
  }
  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.text, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon(this.icon);
    item.contextValue = 'modelbay.message';
    return item;
  }
}

/** "Load more..." at the end of a paged list: fetches the next page into the same parent. */
export class LoadMoreNode implements TreeNode {
  readonly id: string;
  constructor(
    readonly parent: TreeNode,
    readonly pager: Pager<unknown>,
    private readonly tree: TreeContext,
  ) {
    this.id = `${parent.id}/loadMore`;
  }
  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem('Load more...', vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('ellipsis');
    item.contextValue = 'modelbay.loadMore';
    item.command = { command: 'modelbay.loadMore', title: 'Load More', arguments: [this] };
    return item;
  }
  async loadMore(): Promise<void> {
    await this.pager.loadMore();
    this.tree.refresh(this.parent);
  }
}
