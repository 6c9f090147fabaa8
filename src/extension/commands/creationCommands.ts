import * as vscode from 'vscode';
import { presetOf, registerCommand } from '../core/registerCommand';
import type { ExtensionServices } from '../extensionServices';
import { createImage } from './createImage';
import { createManifest } from './createManifest';
import { createService } from './createService';
import { deploy, type DeployPreset } from './deploy/deploy';
import { registerModel } from './registerModel';

/** Register, manifest, image, service, and the one-flow deploy (also from the Explorer's context menu). */
export function registerCreationCommands(services: ExtensionServices): void {
  const { context, log } = services;
  registerCommand(context, log, 'modelbay.registerModel', (target?: unknown) => registerModel(services, target));
  // Right-click "Register with Modelbay" opens the Register Model form with the file or folder filled in.
  registerCommand(context, log, 'modelbay.registerFile', (uri?: vscode.Uri) => vscode.commands.executeCommand('modelbay.openRegisterForm', uri));
  registerCommand(context, log, 'modelbay.createManifest', (node?: unknown) => createManifest(services, node));
  registerCommand(context, log, 'modelbay.createImage', (node?: unknown) => createImage(services, node));
  registerCommand(context, log, 'modelbay.createService', (node?: unknown) => createService(services, node));
  registerCommand(context, log, 'modelbay.deploy', (target?: unknown, preset?: unknown) => deploy(services, target, presetOf<DeployPreset>(preset)));
  // Right-click "Deploy with Modelbay" opens the Deploy form prefilled; with answers given (tests, scripts) it runs at once.
  registerCommand(context, log, 'modelbay.deployFile', (uri?: vscode.Uri, answers?: unknown) => {
    const preset = presetOf<DeployPreset>(answers);
    return preset ? deploy(services, uri, preset) : vscode.commands.executeCommand('modelbay.openDeployForm', uri);
  });
}
