import * as vscode from 'vscode';
import type { ServiceUpdateRequest } from '../../api/schemas';
import { presetOf, registerCommand, required } from '../core/registerCommand';
import type { FinishedOperation } from '../operations/operationTracker';
import { startServiceUpdate } from '../operations/startOperations';
import type { ExtensionServices } from '../extensionServices';
import { nodeRefOf, serviceOf, type NodeRef } from '../tree/nodeRef';
import { askScale } from './createService';
import { pickImage, pickService, resolveAccount } from './pickers';

/** Modelbay: Update Service: change the replicas, the autoscaler or the image. */
/** Resolves when the update ended (Succeeded or not); a refused update (400) throws at once. */
async function updateService(services: ExtensionServices, ref?: NodeRef, preset?: ServiceUpdateRequest): Promise<FinishedOperation> {
  const account = await resolveAccount(services, ref);
  const connection = await services.connections.connect(account.id);
  const service = serviceOf(ref) ?? (await pickService(connection));
  let request = preset;
  if (!request) {
    const what = required(
      await vscode.window.showQuickPick(
        [
          { label: 'Replicas or autoscaler', id: 'scale' },
          { label: 'Image', description: 'roll the replicas to another image', id: 'image' },
        ],
        { title: `Update ${service.name}`, ignoreFocusOut: true },
      ),
    ).id;
    request = what === 'scale' ? await askScale() : { imageId: (await pickImage(connection)).id };
  }
  return (await startServiceUpdate(services, account, service, request)).done;
}

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
  void vscode.window.showInformationMessage(`Modelbay: deleted ${service.name}.`);
}

export function registerServiceCommands(services: ExtensionServices): void {
  const { context, log } = services;
  registerCommand(context, log, 'modelbay.updateService', (node?: unknown, preset?: unknown) => updateService(services, nodeRefOf(node), presetOf<ServiceUpdateRequest>(preset)));
  registerCommand(context, log, 'modelbay.deleteService', (node?: unknown, confirmed?: unknown) => deleteService(services, nodeRefOf(node), confirmed === true));
}
