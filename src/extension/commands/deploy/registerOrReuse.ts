import type * as vscode from 'vscode';
import type { Model } from '../../../api/schemas';
import type { AccountHandle, Connection } from '../../accounts/accountConnections';
import type { ExtensionServices } from '../../extensionServices';
import { suggestModelName } from '../modelContent';
import { registerModelFrom } from '../registerModelFrom';
import { uploadedContentHash } from './contentHash';

/** The newest version of `name` holding exactly these bytes (same sha256), if there is one. */
export async function sameContentVersion(connection: Connection, name: string, sha256: string): Promise<Model | undefined> {
  let newest: Model | undefined;
  for await (const model of connection.account.iterateModels({ name })) {
    if (model.name === name && model.sha256 === sha256 && (!newest || model.version > newest.version)) newest = model;
  }
  return newest;
}

/**
 * The model a deploy uses for a file or folder: the version already registered with the same content, or a new
 * version registered now. Deploying the same file again so adds no copy.
 */
export async function registerOrReuse(services: ExtensionServices, account: AccountHandle, source: vscode.Uri): Promise<{ model: Model; reused: boolean }> {
  const connection = await services.connections.connect(account.id);
  const name = suggestModelName(source.fsPath);
  const same = await sameContentVersion(connection, name, await uploadedContentHash(source));
  if (same) {
    services.log.info(`Deploying ${source.fsPath}: ${same.name}:${same.version} holds the same content, used again`);
    return { model: same, reused: true };
  }
  return { model: await registerModelFrom(services, account, source, { name }), reused: false };
}
