import * as vscode from 'vscode';
import type { AccountClient } from '../../api/client/accountClient';
import type { Page } from '../../api/schemas';
import type { AccountHandle } from '../accounts/accountConnections';
import { taggedContext } from './callerRole';
import { pagedChildren } from './pagedChildren';
import type { FolderKind, ResourceRef } from './nodeRef';
import { accountPager, type Pager } from './pager';
import { passesFilter, type TreeContext, type TreeNode } from './treeNode';

export interface ListFolderSpec<T> {
  /** Used in ids and contextValue (`modelbay.folder.<folder>`). */
  folder: FolderKind;
  /** The service a service's folder (Endpoints, Deployments) belongs to. */
  service?: ResourceRef<'service'>;
  label: string;
  icon: string;
  /** "No models yet" */
  empty: string;
  /** The first page (later pages follow its nextLink). */
  load(account: AccountClient, pageSize: number): Promise<Page<T>>;
  nameOf(item: T): string;
  tagsOf?(item: T): string[];
  toNode(item: T, parent: ListFolderNode<T>): TreeNode;
}

/** A folder of one kind of resource under an account (or a service), paged with "Load more...". */
export class ListFolderNode<T> implements TreeNode {
  readonly kind = 'folder' as const;
  readonly id: string;
  readonly folder: FolderKind;
  readonly service: ResourceRef<'service'> | undefined;
  private readonly pager: Pager<T>;

  constructor(
    readonly parent: TreeNode,
    readonly account: AccountHandle,
    private readonly tree: TreeContext,
    readonly spec: ListFolderSpec<T>,
  ) {
    this.id = `${parent.id}/${spec.folder}`;
    this.folder = spec.folder;
    this.service = spec.service;
    this.pager = accountPager(async () => (await tree.connections.connect(account.id)).account, (client) => spec.load(client, tree.pageSize));
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.spec.label, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon(this.spec.icon);
    item.contextValue = taggedContext(this, `modelbay.folder.${this.folder}`);
    return item;
  }

  getChildren(): Promise<TreeNode[]> {
    const { spec, tree } = this;
    return pagedChildren(
      this,
      this.pager,
      tree,
      (items) => items.filter((i) => passesFilter(tree.filter, spec.nameOf(i), spec.tagsOf?.(i))).map((i) => spec.toNode(i, this)),
      spec.empty,
    );
  }

  reset(): void {
    this.pager.reset();
  }
}
