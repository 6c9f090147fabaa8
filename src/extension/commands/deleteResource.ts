import * as vscode from 'vscode';
import { ModelbayApiError } from '../../api/client/errors';
import type { Image, Manifest, Model } from '../../api/schemas';
import type { Connection } from '../accounts/accountConnections';
import type { ExtensionServices } from '../extensionServices';
import type { NodeRef } from '../tree/nodeRef';
import { pickImage, pickManifest, pickModel, resolveAccount } from './pickers';

/** What can be deleted this way: the versioned resources an account piles up. */
export type DeletableKind = 'model' | 'manifest' | 'image';

interface Deletable {
  /** "model version", "manifest", "image" */
  what: string;
  pick(connection: Connection): Promise<Model | Manifest | Image>;
  delete(connection: Connection, id: string): Promise<boolean>;
}

const DELETABLE: Record<DeletableKind, Deletable> = {
  model: { what: 'model version', pick: (c) => pickModel(c), delete: (c, id) => c.account.deleteModel(id) },
  manifest: { what: 'manifest', pick: (c) => pickManifest(c), delete: (c, id) => c.account.deleteManifest(id) },
  image: { what: 'image', pick: (c) => pickImage(c, { builtOnly: false }), delete: (c, id) => c.account.deleteImage(id) },
};

/** What a delete came to: deleted, already gone, refused because something still uses it, or not confirmed. */
export type DeleteOutcome = 'deleted' | 'gone' | 'inUse' | 'kept';

/**
 * Modelbay: Delete Model Version / Delete Manifest / Delete Image: a clicked or picked one, after a confirmation.
 * When something still uses it the service refuses (409 ModelInUse, ManifestInUse, ImageInUse) and says what: that
 * answer is shown as it is, and nothing is deleted.
 */
export async function deleteResource(services: ExtensionServices, kind: DeletableKind, ref?: NodeRef, confirmed = false): Promise<DeleteOutcome> {
  const deletable = DELETABLE[kind];
  const account = await resolveAccount(services, ref);
  const connection = await services.connections.connect(account.id);
  const resource = ref?.kind === kind ? ref.resource : await deletable.pick(connection);
  const title = `${resource.name}:${resource.version}`;
  if (!confirmed) {
    const choice = await vscode.window.showWarningMessage(`Delete the ${deletable.what} ${title}? This cannot be undone; its version number is not given again.`, { modal: true }, 'Delete');
    if (choice !== 'Delete') return 'kept';
  }
  let deleted: boolean;
  try {
    deleted = await deletable.delete(connection, resource.id);
  } catch (error) {
    if (!(error instanceof ModelbayApiError && error.statusCode === 409)) throw error;
    services.log.warn(`Not deleted: ${title}: ${error.message} (${error.code})`);
    void vscode.window.showWarningMessage(`Modelbay: ${title} was not deleted. ${error.message}`);
    return 'inUse';
  }
  services.log.info(deleted ? `Deleted the ${deletable.what} ${title}` : `The ${deletable.what} ${title} was already deleted`);
  services.tree.reload(services.tree.accountNode(account.id));
  void vscode.window.showInformationMessage(deleted ? `Modelbay: deleted ${title}.` : `Modelbay: ${title} was already deleted.`);
  return deleted ? 'deleted' : 'gone';
}
