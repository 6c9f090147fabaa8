import * as vscode from 'vscode';
import { checkResourceName } from '../../api/rules';
import type { Model } from '../../api/schemas';
import type { AccountHandle } from '../accounts/accountConnections';
import { required } from '../core/registerCommand';
import { inBackground } from '../core/reportFailure';
import type { ExtensionServices } from '../extensionServices';
import { nodeRefOf, type ResourceRef } from '../tree/nodeRef';
import { suggestModelName, uploadModelContent } from './modelContent';
import { resolveAccount } from './pickers';

/** The file or folder to register: the Explorer's selection, or one the user picks. */
export async function pickModelSource(target: unknown): Promise<vscode.Uri> {
  if (target instanceof vscode.Uri) return target;
  const picked = await vscode.window.showOpenDialog({
    title: 'Register which model file or folder?',
    canSelectFiles: true,
    canSelectFolders: true,
    canSelectMany: false,
    openLabel: 'Register',
  });
  return required(picked?.[0]);
}

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

/** Modelbay: Register Model: from an Explorer file or folder, a tree node (account/Models), or a picker. */
export async function registerModel(services: ExtensionServices, target?: unknown): Promise<Model> {
  const source = await pickModelSource(target);
  const account = await resolveAccount(services, nodeRefOf(target));
  const name = required(
    await vscode.window.showInputBox({
      title: 'Register model: name',
      prompt: 'A new version is added when the name exists',
      value: suggestModelName(source.fsPath),
      ignoreFocusOut: true,
      validateInput: (t) => checkResourceName(t),
    }),
  );
  const tagsText = await vscode.window.showInputBox({ title: 'Register model: tags (optional)', prompt: 'Comma-separated, e.g. prod, vision', ignoreFocusOut: true });
  if (tagsText === undefined) required(undefined);
  const tags = (tagsText ?? '').split(',').map((t) => t.trim()).filter(Boolean);
  const model = await registerModelFrom(services, account, source, { name, tags });
  const deployIt: ResourceRef<'model'> = { kind: 'model', account, resource: model };
  // The Deploy command reports its own failures (registerCommand).
  inBackground(services.log, 'Deploy', vscode.window.showInformationMessage(`Modelbay: registered ${model.name} version ${model.version}.`, 'Deploy').then((choice) =>
    choice === 'Deploy' ? vscode.commands.executeCommand('modelbay.deploy', deployIt) : undefined,
  ));
  return model;
}
