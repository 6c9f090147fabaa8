import * as vscode from 'vscode';
import { pickService, resolveAccount } from '../commands/pickers';
import { registerCommand, required } from '../core/registerCommand';
import type { ExtensionServices } from '../extensionServices';
import { nodeRefOf, serviceOf } from '../tree/nodeRef';
import type { ServiceLogFollowers } from './serviceLogFollowers';

/** Show Logs (a service's live log, followed) and Stop Following Logs. */
export function registerLogCommands(services: ExtensionServices, serviceLogs: ServiceLogFollowers): void {
  const { context, log } = services;

  registerCommand(context, log, 'modelbay.showServiceLogs', async (node?: unknown) => {
    const ref = nodeRefOf(node);
    const account = await resolveAccount(services, ref);
    const service = serviceOf(ref) ?? (await pickService(await services.connections.connect(account.id)));
    return serviceLogs.show({ accountId: account.id, serviceId: service.id, serviceName: service.name }).channel.name;
  });

  // An output channel tells an extension nothing when it is hidden or cleared, so following ends by this command
  // (or when the service is deleted, or the window closes).
  registerCommand(context, log, 'modelbay.stopServiceLogs', async (node?: unknown) => {
    const ref = nodeRefOf(node);
    const clicked = serviceOf(ref);
    const following = serviceLogs.following();
    const chosen = clicked && ref
      ? serviceLogs.of(ref.account.id, clicked.id)
      : following.length === 1
        ? following[0]
        : required(await vscode.window.showQuickPick(following.map((f) => ({ label: f.service.serviceName, follower: f })), { placeHolder: 'Stop following the log of which service?' }))?.follower;
    if (!chosen?.following) {
      void vscode.window.showInformationMessage('Modelbay: no service log is being followed.');
      return;
    }
    chosen.stop('no longer following (Stop Following Logs); Show Logs follows it again');
  });
}
