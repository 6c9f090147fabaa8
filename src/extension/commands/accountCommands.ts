import * as vscode from 'vscode';
import { presetOf, registerCommand } from '../core/registerCommand';
import { openManageAccessPanel } from '../panels/manageAccessPanel';
import type { ExtensionServices } from '../extensionServices';
import { nodeRefOf } from '../tree/nodeRef';
import { isTreeNode } from '../tree/treeNode';
import { resolveAccount } from './pickers';
import { addAccount } from './addAccount';
import { editAccount, type AccountEdit } from './editAccount';
import { removeAccount } from './removeAccount';

/** The account a row stands for: an account row, or the error row under one (where a wrong URL or token shows). */
const accountRowOf = (node: unknown) => nodeRefOf(node) ?? (isTreeNode(node) ? nodeRefOf(node.parent) : undefined);

/** Add, edit and remove accounts; manage who may use a remote one; restart the Local service. */
export function registerAccountCommands(services: ExtensionServices): void {
  const { context, log } = services;
  registerCommand(context, log, 'modelbay.addAccount', () => addAccount(services));
  registerCommand(context, log, 'modelbay.editAccount', (node?: unknown, edit?: unknown) => editAccount(services, accountRowOf(node), presetOf<AccountEdit>(edit)));
  registerCommand(context, log, 'modelbay.removeAccount', (node?: unknown, confirmed?: unknown) => removeAccount(services, nodeRefOf(node), confirmed === true));
  registerCommand(context, log, 'modelbay.manageAccess', async (node?: unknown) => openManageAccessPanel(services, await resolveAccount(services, nodeRefOf(node))));
  registerCommand(context, log, 'modelbay.restartLocalService', async () => {
    await vscode.workspace.getConfiguration('modelbay').update('local.enabled', true, vscode.ConfigurationTarget.Global);
    const { url } = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Modelbay: starting the Local service...' }, () => services.local.restart());
    services.tree.reload();
    void vscode.window.showInformationMessage(`Modelbay: the Local service runs at ${url}.`);
  });
}
