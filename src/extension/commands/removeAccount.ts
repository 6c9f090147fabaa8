import * as vscode from 'vscode';
import type { AccountHandle } from '../accounts/accountConnections';
import { required } from '../core/registerCommand';
import type { ExtensionServices } from '../extensionServices';
import type { NodeRef } from '../tree/nodeRef';

/**
 * Removes a remote account from this machine with everything kept for it: its token or client secret, its
 * endpoints' keys, its request history, the operations followed for it, the role last read on it. Nothing on the
 * service changes.
 */
export async function forgetAccount(services: ExtensionServices, accountId: string): Promise<void> {
  services.operations.forgetAccount(accountId);
  services.jobs.forgetAccount(accountId);
  await services.connections.definitions.remove(accountId);
  await services.requestData.forget(accountId);
  await services.tree.roles.forget(accountId);
  services.log.info(`Removed the account ${accountId} and what this machine kept for it`);
}

const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

/** Modelbay: Remove Account: a clicked remote account, or a picked one, after a confirmation naming it. */
export async function removeAccount(services: ExtensionServices, ref?: NodeRef, confirmed = false): Promise<void> {
  const remote = services.connections.all().filter((a) => a.kind === 'remote');
  let target: AccountHandle;
  if (ref?.account.kind === 'remote') target = ref.account;
  else if (remote.length === 0) throw new Error('There is no remote account to remove (the Local account is turned off with the modelbay.local.enabled setting).');
  else target = required(await vscode.window.showQuickPick(remote.map((account) => ({ label: account.label, description: account.url, account })), { title: 'Remove which account?' })).account;
  if (!confirmed) {
    const kept = await services.requestData.describe(target.id);
    const what = [`its token`, plural(kept.endpointKeys, 'endpoint key'), `${plural(kept.sentRequests, 'sent request')} in the history`].join(', ');
    const choice = await vscode.window.showWarningMessage(`Remove the account ${target.label}? This machine deletes ${what}; nothing on the service changes.`, { modal: true }, 'Remove');
    if (choice !== 'Remove') return;
  }
  await forgetAccount(services, target.id);
}
