import * as vscode from 'vscode';
import { presetOf, registerCommand } from '../core/registerCommand';
import type { ExtensionServices } from '../extensionServices';
import { nodeRefOf } from '../tree/nodeRef';
import { createImage } from './createImage';
import { createManifest } from './createManifest';
import { createService, type CreateServicePreset } from './createService';
import { deploy, type DeployPreset } from './deploy/deploy';
import { registerModel } from './registerModel';

/** Register, manifest, image, service, and the one-flow deploy (also from the Explorer's context menu). */
export function registerCreationCommands(services: ExtensionServices): void {
  const { context, log } = services;
  registerCommand(context, log, 'modelbay.registerModel', (target?: unknown) => registerModel(services, target));
  // Right-click "Register with Modelbay" opens the Register Model form with the file or folder filled in.
  registerCommand(context, log, 'modelbay.registerFile', (uri?: unknown) => vscode.commands.executeCommand('modelbay.openRegisterForm', uri instanceof vscode.Uri ? uri : undefined));
  registerCommand(context, log, 'modelbay.createManifest', (node?: unknown) => createManifest(services, nodeRefOf(node)));
  registerCommand(context, log, 'modelbay.createImage', (node?: unknown, preset?: unknown) => createImage(services, nodeRefOf(node), presetOf<{ name?: string }>(preset)));
  registerCommand(context, log, 'modelbay.createService', (node?: unknown, preset?: unknown) => createService(services, nodeRefOf(node), presetOf<CreateServicePreset>(preset)));
  registerCommand(context, log, 'modelbay.deploy', (target?: unknown, preset?: unknown) => deploy(services, target, presetOf<DeployPreset>(preset)));
  // Right-click "Deploy with Modelbay" opens the Deploy form prefilled; with answers given (tests, scripts) it runs at once.
  registerCommand(context, log, 'modelbay.deployFile', (uri?: unknown, answers?: unknown) => {
    const file = uri instanceof vscode.Uri ? uri : undefined;
    const preset = presetOf<DeployPreset>(answers);
    return preset ? deploy(services, file, preset) : vscode.commands.executeCommand('modelbay.openDeployForm', file);
  });
}
