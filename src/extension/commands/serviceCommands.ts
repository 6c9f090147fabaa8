import * as vscode from 'vscode';
import type { ServiceUpdateRequest } from '../../api/schemas';
import { presetOf, registerCommand } from '../core/registerCommand';
import type { ExtensionServices } from '../extensionServices';
import { nodeRefOf, serviceOf, type NodeRef } from '../tree/nodeRef';
import { pickService, resolveAccount } from './pickers';
import { updateService } from './updateService/updateService';

/** Modelbay: Delete Service, after a confirmation naming it. */
async function deleteService(services: ExtensionServices, ref?: NodeRef, confirmed = false): Promise<void> {
  const account = await resolveAccount(services, ref);
  const connection = await services.connections.connect(account.id);
  const service = serviceOf(ref) ?? (await pickService(connection));
  if (!confirmed) {
    const choice = await vscode.window.showWarningMessage(`Delete the service ${service.name}? Its endpoints and keys stop working at once.`, { modal: true }, 'Delete');
    if (choice !== 'Delete') return;
  }
  await connection.account.services.delete(service.id);
  services.log.info(`Deleted service ${service.name}`);
  services.tree.reload(services.tree.accountNode(account.id));
  services.changes.fire(account.id, 'service', service.name);
  void vscode.window.showInformationMessage(`Modelbay: deleted ${service.name}.`);
}

export function registerServiceCommands(services: ExtensionServices): void {
  const { context, log } = services;
  registerCommand(context, log, 'modelbay.updateService', (node?: unknown, preset?: unknown) => updateService(services, nodeRefOf(node), presetOf<ServiceUpdateRequest>(preset)));
  registerCommand(context, log, 'modelbay.deleteService', (node?: unknown, confirmed?: unknown) => deleteService(services, nodeRefOf(node), confirmed === true));
}
