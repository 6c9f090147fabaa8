import * as vscode from 'vscode';
import type { ServiceResponse, ServiceUpdateRequest } from '../../api/schemas';
import { presetOf, registerCommand, required } from '../core/registerCommand';
import type { FinishedOperation } from '../operations/operationTracker';
import { startServiceUpdate } from '../operations/startOperations';
import type { ExtensionServices } from '../extensionServices';
import { askScale } from './createService';
import { pickImage, pickService, resolveAccount, resourceOf } from './pickers';

/** Modelbay: Update Service: change the replicas, the autoscaler or the image. */
async function updateService(services: ExtensionServices, node?: unknown, preset?: ServiceUpdateRequest): Promise<FinishedOperation> {
  const account = await resolveAccount(services, node);
  const connection = await services.connections.connect(account.id);
  const service = resourceOf<ServiceResponse>(node, 'service') ?? (await pickService(connection));
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
  return startServiceUpdate(services, account, service, request);
}

/** Modelbay: Delete Service, after a confirmation naming it. */
async function deleteService(services: ExtensionServices, node?: unknown, confirmed = false): Promise<void> {
  const account = await resolveAccount(services, node);
  const connection = await services.connections.connect(account.id);
  const service = resourceOf<ServiceResponse>(node, 'service') ?? (await pickService(connection));
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
  registerCommand(context, log, 'modelbay.updateService', (node?: unknown, preset?: unknown) => updateService(services, node, presetOf<ServiceUpdateRequest>(preset)));
  registerCommand(context, log, 'modelbay.deleteService', (node?: unknown, confirmed?: unknown) => deleteService(services, node, confirmed === true));
}
