import * as vscode from 'vscode';
import type { Image, Manifest, ServiceResponse } from '../../api/schemas';
import type { RoleName } from '../../api/schemas/roleAssignment';
import type { AccountHandle } from '../accounts/accountConnections';
import { effectiveRole, withRole, type KnowsCallerRole } from './callerRole';
import { ListFolderNode } from './listFolderNode';
import { ErrorNode } from './messageNodes';
import { ModelsFolderNode } from './modelNodes';
import { ImageNode, ManifestNode, ServiceNode } from './resourceNodes';
import type { TreeContext, TreeNode } from './treeNode';

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/**
 * An account: Local or remote. Its children check the connection first, so a bad URL or token is one error row.
 * Reading the account also tells the caller's role on it, which every row below carries to the menus.
 */
export class AccountNode implements TreeNode, KnowsCallerRole {
  readonly kind = 'account' as const;
  readonly id: string;
  private folders: TreeNode[] | undefined;
  private role: RoleName | undefined;

  constructor(
    readonly account: AccountHandle,
    private readonly tree: TreeContext,
  ) {
    this.id = `account:${account.id}`;
    this.role = account.kind === 'local' ? effectiveRole('local', undefined) : tree.roles.get(account.id);
  }

  /** The caller's role here; undefined for a remote account not read yet. */
  get callerRole(): RoleName | undefined {
    return this.role;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.account.label, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    const { kind, url, address } = this.account;
    item.iconPath = new vscode.ThemeIcon(kind === 'local' ? 'server' : 'cloud');
    if (kind === 'local') {
      item.description = 'this machine';
      item.tooltip = 'The Modelbay service on this machine (started when you open it)';
    } else {
      // The URL and the account on that service: two accounts of one service, or of two, can be told apart.
      // A role that limits what the menus offer is said first on the row: the user sees why Delete is missing.
      const limited = this.role === 'Reader' || this.role === 'Contributor' ? this.role : undefined;
      item.description = [limited, url && hostOf(url), address].filter(Boolean).join(' · ');
      item.accessibilityInformation = { label: `${this.account.label}, remote account${this.role ? `, your role: ${this.role}` : ''}` };
      item.tooltip = new vscode.MarkdownString([`**${this.account.label}**`, `- service: ${url ?? ''}`, `- account: ${address ?? ''}`, ...(this.role ? [`- your role: ${this.role}`] : []), '', 'Edit Account... changes its name, URL or token, or signs in again.'].join('\n'));
    }
    item.contextValue = withRole(`modelbay.account.${this.account.kind}`, this.role);
    return item;
  }

  async getChildren(): Promise<TreeNode[]> {
    try {
      const connection = await this.tree.connections.connect(this.account.id);
      const read = await connection.client.getAccount(connection.account.ref);
      this.learnRole(effectiveRole(this.account.kind, read.callerRole));
    } catch (error) {
      // A remote account's error row offers Edit Account (a wrong URL or token is fixed there).
      return [new ErrorNode(this, error, this.account.kind === 'remote' ? 'modelbay.error.remoteAccount' : undefined)];
    }
    this.folders ??= this.makeFolders();
    return this.folders;
  }

  reset(): void {
    this.folders = undefined;
  }

  /**
   * A role other than the one shown (first read, or changed by an Owner since) re-renders the account's row. It is
   * sent before the children are given: no child row exists yet whose expansion the re-render could cut short.
   */
  private learnRole(role: RoleName): void {
    if (role === this.role) return;
    this.role = role;
    if (this.account.kind === 'remote') void this.tree.roles.remember(this.account.id, role);
    this.tree.refresh(this);
  }

  private makeFolders(): TreeNode[] {
    const account = this.account;
    const tree = this.tree;
    const manifests = new ListFolderNode<Manifest>(this, account, tree, {
      folder: 'manifests', label: 'Manifests', icon: 'file-code', empty: 'No manifests yet',
      load: (client, count) => client.listManifests({ count }),
      nameOf: (m) => m.name,
      toNode: (m, parent) => new ManifestNode(parent, account, m),
    });
    const images = new ListFolderNode<Image>(this, account, tree, {
      folder: 'images', label: 'Images', icon: 'package', empty: 'No images yet',
      load: (client, count) => client.listImages({ count }),
      nameOf: (i) => i.name,
      toNode: (i, parent) => new ImageNode(parent, account, i),
    });
    const services = new ListFolderNode<ServiceResponse>(this, account, tree, {
      folder: 'services', label: 'Services', icon: 'cloud', empty: 'No services yet: deploy a model',
      load: (client, count) => client.services.list({ count }),
      nameOf: (s) => s.name,
      toNode: (s, parent) => new ServiceNode(parent, account, s, tree),
    });
    return [new ModelsFolderNode(this, account, tree), manifests, images, services];
  }
}
