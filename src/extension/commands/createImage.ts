import * as vscode from 'vscode';
import type { Manifest } from '../../api/schemas';
import { required } from '../core/registerCommand';
import { startImageBuild } from '../operations/startOperations';
import type { ExtensionServices } from '../extensionServices';
import { pickManifest, resolveAccount, resourceOf } from './pickers';

/** Modelbay: Create Image: builds an image of a clicked or picked manifest (followed in the status bar). */
export async function createImage(services: ExtensionServices, node?: unknown): Promise<void> {
  const account = await resolveAccount(services, node);
  const connection = await services.connections.connect(account.id);
  const manifest = resourceOf<Manifest>(node, 'manifest') ?? (await pickManifest(connection));
  const name = required(await vscode.window.showInputBox({ title: 'Image name', value: manifest.name, ignoreFocusOut: true }));
  void startImageBuild(services, account, manifest, name);
}
