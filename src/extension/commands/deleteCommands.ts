import { registerCommand } from '../core/registerCommand';
import type { ExtensionServices } from '../extensionServices';
import { nodeRefOf } from '../tree/nodeRef';
import { deleteResource } from './deleteResource';

/** Delete Model Version, Delete Manifest, Delete Image (Delete Service is with the service commands). */
export function registerDeleteCommands(services: ExtensionServices): void {
  const { context, log } = services;
  registerCommand(context, log, 'modelbay.deleteModel', (node?: unknown, confirmed?: unknown) => deleteResource(services, 'model', nodeRefOf(node), confirmed === true));
  registerCommand(context, log, 'modelbay.deleteManifest', (node?: unknown, confirmed?: unknown) => deleteResource(services, 'manifest', nodeRefOf(node), confirmed === true));
  registerCommand(context, log, 'modelbay.deleteImage', (node?: unknown, confirmed?: unknown) => deleteResource(services, 'image', nodeRefOf(node), confirmed === true));
}
