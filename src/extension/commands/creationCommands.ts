import * as vscode from 'vscode';
import { presetOf, registerCommand } from '../core/registerCommand';
import type { ExtensionServices } from '../extensionServices';
import { openDeployPanel } from '../panels/deployPanel';
import { openRegisterModelPanel } from '../panels/registerModelPanel';
import { nodeRefOf } from '../tree/nodeRef';
import { createImage } from './createImage';
import { createManifest } from './createManifest';
import { createService, type CreateServicePreset } from './createService';
import { deploy, type DeployPreset } from './deploy/deploy';
import { deployFormPresetOf } from './deployFormPreset';
import { registerModelFrom, type RegisterOptions } from './registerModelFrom';
import { resolveAccount } from './pickers';

/**
 * Register Model and Deploy Model (from the palette, a tree row, the Explorer or the walkthrough) open their form,
 * prefilled with what was clicked; with answers given (tests, scripts) they run at once instead. Then the step by
 * step commands: Create Manifest, Create Image, Create Service.
 */
export function registerCreationCommands(services: ExtensionServices): void {
  const { context, log } = services;
  registerCommand(context, log, 'modelbay.registerModel', async (target?: unknown, answers?: unknown) => {
    const options = presetOf<RegisterOptions>(answers);
    if (options && target instanceof vscode.Uri) return registerModelFrom(services, await resolveAccount(services), target, options);
    openRegisterModelPanel(services, target instanceof vscode.Uri ? { source: target } : { accountId: nodeRefOf(target)?.account.id });
    return undefined;
  });
  registerCommand(context, log, 'modelbay.deploy', (target?: unknown, answers?: unknown) => {
    const preset = presetOf<DeployPreset>(answers);
    if (preset) return deploy(services, target, preset);
    openDeployPanel(services, deployFormPresetOf(target));
    return undefined;
  });
  registerCommand(context, log, 'modelbay.createManifest', (node?: unknown) => createManifest(services, nodeRefOf(node)));
  registerCommand(context, log, 'modelbay.createImage', (node?: unknown, preset?: unknown) => createImage(services, nodeRefOf(node), presetOf<{ name?: string }>(preset)));
  registerCommand(context, log, 'modelbay.createService', (node?: unknown, preset?: unknown) => createService(services, nodeRefOf(node), presetOf<CreateServicePreset>(preset)));
}
