import * as vscode from 'vscode';
import { checkResourceName } from '../../api/rules';
import { required } from '../core/registerCommand';
import { startImageBuild, type StartedOperation } from '../operations/startOperations';
import type { ExtensionServices } from '../extensionServices';
import type { NodeRef } from '../tree/nodeRef';
import { pickManifest, resolveAccount } from './pickers';

/**
 * Modelbay: Create Image: builds an image of a clicked or picked manifest. Resolves once the service accepted the
 * build (a refused request is reported then); the build is followed in the status bar.
 */
export async function createImage(services: ExtensionServices, ref?: NodeRef, preset: { name?: string } = {}): Promise<StartedOperation> {
  const account = await resolveAccount(services, ref);
  const connection = await services.connections.connect(account.id);
  const manifest = ref?.kind === 'manifest' ? ref.resource : await pickManifest(connection);
  const name = preset.name ?? required(await vscode.window.showInputBox({ title: 'Image name', value: manifest.name, ignoreFocusOut: true, validateInput: (t) => checkResourceName(t) }));
  return startImageBuild(services, account, manifest, name);
}
