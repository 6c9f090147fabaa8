import * as vscode from 'vscode';
import type { Model, ServiceResponse } from '../../api/schemas';
import { accountOf, pickService, resolveAccount, resourceOf } from '../commands/pickers';
import { registerCommand } from '../core/registerCommand';
import type { ExtensionServices } from '../extensionServices';
import { openDeployPanel, type DeployFormPreset } from './deployPanel';
import { openRegisterModelPanel } from './registerModelPanel';
import { openServiceDetailsPanel } from './serviceDetailsPanel';

/** The form commands: Register Model, Deploy (also what right-click "Deploy with Modelbay" opens), Service Details. */
export function registerPanelCommands(services: ExtensionServices): void {
  const { context, log } = services;
  registerCommand(context, log, 'modelbay.openRegisterForm', (target?: unknown) => {
    openRegisterModelPanel(services, target instanceof vscode.Uri ? { source: target } : { accountId: accountOf(target)?.id });
  });
  registerCommand(context, log, 'modelbay.openDeployForm', (target?: unknown) => {
    let preset: DeployFormPreset = {};
    if (target instanceof vscode.Uri) preset = { source: target };
    else if (target && typeof target === 'object' && 'accountId' in target) preset = target as DeployFormPreset;
    else preset = { accountId: accountOf(target)?.id, modelId: resourceOf<Model>(target, 'model')?.id };
    openDeployPanel(services, preset);
  });
  registerCommand(context, log, 'modelbay.openServiceDetails', async (node?: unknown) => {
    const account = await resolveAccount(services, node);
    const service = resourceOf<ServiceResponse>(node, 'service') ?? (await pickService(await services.connections.connect(account.id)));
    openServiceDetailsPanel(services, account, service);
  });
}
