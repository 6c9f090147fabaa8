import * as vscode from 'vscode';
import type { Model } from '../../api/schemas';
import type { AccountHandle } from '../accounts/accountConnections';
import { taggedContext } from './callerRole';
import { pagedChildren } from './pagedChildren';
import { accountPager, type Pager } from './pager';
import { passesFilter, type ResourceNode, type TreeContext, type TreeNode } from './treeNode';

const when = (iso: string) => new Date(iso).toLocaleString();

/** Models, grouped by name; names appear in the order of their newest version. */
export class ModelsFolderNode implements TreeNode {
  readonly kind = 'folder' as const;
  readonly folder = 'models' as const;
  readonly id: string;
  private readonly pager: Pager<Model>;

  constructor(
    readonly parent: TreeNode,
    readonly account: AccountHandle,
    private readonly tree: TreeContext,
  ) {
    this.id = `${parent.id}/models`;
    this.pager = accountPager(async () => (await tree.connections.connect(account.id)).account, (client) => client.listModels({ count: tree.pageSize }));
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem('Models', vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('symbol-class');
    item.contextValue = taggedContext(this, 'modelbay.folder.models');
    return item;
  }

  getChildren(): Promise<TreeNode[]> {
    const render = (items: Model[]) => {
      const groups = new Map<string, Model[]>();
      for (const model of items) groups.set(model.name, [...(groups.get(model.name) ?? []), model]);
      return [...groups.entries()]
        .filter(([name, versions]) => passesFilter(this.tree.filter, name, versions.flatMap((v) => v.tags)))
        .map(([name, versions]): TreeNode => new ModelGroupNode(this, this.account, this.tree, name, versions[0]!));
    };
    return pagedChildren(this, this.pager, this.tree, render, 'No models yet: right-click a model file and choose Register Model');
  }

  reset(): void {
    this.pager.reset();
  }
}

/** One model name; its children are its versions, newest first. */
export class ModelGroupNode implements TreeNode {
  readonly kind = 'modelGroup' as const;
  readonly id: string;
  private readonly pager: Pager<Model>;

  constructor(
    readonly parent: TreeNode,
    readonly account: AccountHandle,
    private readonly tree: TreeContext,
    readonly name: string,
    readonly latest: Model,
  ) {
    this.id = `${parent.id}/${name}`;
    this.pager = accountPager(async () => (await tree.connections.connect(account.id)).account, (client) => client.listModels({ name, count: tree.pageSize }));
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.name, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.description = `v${this.latest.version}`;
    item.iconPath = new vscode.ThemeIcon('symbol-class');
    item.tooltip = new vscode.MarkdownString(`**${this.name}**\n\nLatest version: ${this.latest.version} (${when(this.latest.createdAt)})`);
    item.contextValue = taggedContext(this, 'modelbay.modelGroup');
    return item;
  }

  getChildren(): Promise<TreeNode[]> {
    return pagedChildren(this, this.pager, this.tree, (items) => items.map((m): TreeNode => new ModelNode(this, this.account, m)));
  }

  reset(): void {
    this.pager.reset();
  }
}

export class ModelNode implements ResourceNode<'model'> {
  readonly kind = 'model' as const;
  readonly id: string;

  constructor(
    readonly parent: TreeNode,
    readonly account: AccountHandle,
    readonly resource: Model,
  ) {
    this.id = `${parent.id}/${resource.id}`;
  }

  getTreeItem(): vscode.TreeItem {
    const m = this.resource;
    const item = new vscode.TreeItem(`Version ${m.version}`, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = [m.tags.join(', '), when(m.createdAt)].filter(Boolean).join(' · ');
    item.iconPath = new vscode.ThemeIcon('versions');
    item.tooltip = new vscode.MarkdownString(
      [`**${m.name}:${m.version}**`, m.description ?? '', `- id: \`${m.id}\``, `- mime type: ${m.mimeType}`, `- tags: ${m.tags.join(', ') || 'none'}`, `- registered: ${when(m.createdAt)}`].join('\n\n'),
    );
    item.contextValue = taggedContext(this, 'modelbay.model');
    return item;
  }
}
