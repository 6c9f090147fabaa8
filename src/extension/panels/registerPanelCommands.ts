import * as vscode from 'vscode';
import { pickService, resolveAccount } from '../commands/pickers';
import { registerCommand } from '../core/registerCommand';
import type { ExtensionServices } from '../extensionServices';
import { nodeRefOf, serviceOf } from '../tree/nodeRef';
import { openDeployPanel, type DeployFormPreset } from './deployPanel';
import { openRegisterModelPanel } from './registerModelPanel';
import { openServiceDetailsPanel } from './serviceDetailsPanel';

/** What opens the Deploy form: a right-clicked file or folder, a tree row, or `{accountId, modelId}` (the Register form). */
function deployFormPresetOf(target: unknown): DeployFormPreset {
  if (target instanceof vscode.Uri) return { source: target };
  const ref = nodeRefOf(target);
  if (ref) return { accountId: ref.account.id, modelId: ref.kind === 'model' ? ref.resource.id : undefined };
  if (typeof target === 'object' && target !== null && 'accountId' in target && typeof target.accountId === 'string') {
    return { accountId: target.accountId, modelId: 'modelId' in target && typeof target.modelId === 'string' ? target.modelId : undefined };
  }
  return {};
}

/** The form commands: Register Model, Deploy (also what right-click "Deploy with Modelbay" opens), Service Details. */
export function registerPanelCommands(services: ExtensionServices): void {
  const { context, log } = services;
  registerCommand(context, log, 'modelbay.openRegisterForm', (target?: unknown) => {
    openRegisterModelPanel(services, target instanceof vscode.Uri ? { source: target } : { accountId: nodeRefOf(target)?.account.id });
  });
  registerCommand(context, log, 'modelbay.openDeployForm', (target?: unknown) => {
    openDeployPanel(services, deployFormPresetOf(target));
  });
  registerCommand(context, log, 'modelbay.openServiceDetails', async (node?: unknown) => {
    const ref = nodeRefOf(node);
    const account = await resolveAccount(services, ref);
    const service = serviceOf(ref) ?? (await pickService(await services.connections.connect(account.id)));
    openServiceDetailsPanel(services, account, service);
  });
}
