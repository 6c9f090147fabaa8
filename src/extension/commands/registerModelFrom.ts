import * as vscode from 'vscode';
import type { Model } from '../../api/schemas';
import type { AccountHandle } from '../accounts/accountConnections';
import type { ExtensionServices } from '../extensionServices';
import { suggestModelName, uploadModelContent } from './modelContent';

export interface RegisterOptions {
  name?: string;
  description?: string;
  tags?: string[];
  /** Overrides the MIME type guessed from the file name. */
  mimeType?: string;
}

/** Uploads the content and registers a new version of the model; shows progress while it uploads. */
export async function registerModelFrom(services: ExtensionServices, account: AccountHandle, source: vscode.Uri, options: RegisterOptions = {}): Promise<Model> {
  const connection = await services.connections.connect(account.id);
  const name = options.name ?? suggestModelName(source.fsPath);
  const model = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: `Modelbay: registering ${name}` },
    async (progress) => {
      progress.report({ message: 'uploading...' });
      const content = await uploadModelContent(connection, source);
      progress.report({ message: 'registering...' });
      return connection.account.registerModel({ name, description: options.description, mimeType: options.mimeType ?? content.mimeType, url: content.url, tags: options.tags, unpack: content.unpack });
    },
  );
  services.log.info(`Registered ${model.name}:${model.version} (${model.id}) in ${account.label}`);
  services.tree.reload(services.tree.accountNode(account.id));
  return model;
}
