import * as vscode from 'vscode';
import { registerParamsCheck, type RegisterEvent, type RegisterInit, type RegisterMethods } from '../../../webviews/protocol/registerModelProtocol';
import { suggestModelName } from '../commands/modelContent';
import { registerModelFrom } from '../commands/registerModelFrom';
import type { ExtensionServices } from '../extensionServices';
import { openPanel } from './panelHost';
import { describeSource, pickSource } from './sourcePicking';

/**
 * The Register Model form: file or folder, name (suggested), description, tags, MIME type; shows the new version.
 * One panel per file or folder (and one without): opening it again shows that panel.
 */
export function openRegisterModelPanel(services: ExtensionServices, options: { accountId?: string; source?: vscode.Uri } = {}): void {
  const subject = `register:${options.source?.toString() ?? ''}`;
  if (services.panels.reveal(subject)) return;
  const accounts = () => services.connections.all().map((a) => ({ id: a.id, label: a.label }));
  const opened = openPanel<RegisterMethods, RegisterInit, RegisterEvent>(services.context, services.log, {
    viewType: 'modelbay.registerModel',
    title: options.source ? `Register ${suggestModelName(options.source.fsPath)}` : 'Register Model',
    script: 'registerModel',
    check: registerParamsCheck,
    async init() {
      const list = accounts();
      if (list.length === 0) throw new Error('There is no account: enable the Local account or add a remote one.');
      return { accounts: list, accountId: options.accountId ?? list[0]!.id, source: options.source ? await describeSource(options.source) : undefined };
    },
    handlers: {
      pickSource: ({ folder }) => pickSource(folder),
      async register(params, handle) {
        const account = services.connections.handle(params.accountId);
        if (!account) throw new Error(`Unknown account ${params.accountId}.`);
        handle.post({ kind: 'progress', message: 'Uploading and registering...' });
        const model = await registerModelFrom(services, account, vscode.Uri.file(params.path), {
          name: params.name,
          description: params.description,
          tags: params.tags,
          mimeType: params.mimeType,
        });
        return { id: model.id, name: model.name, version: model.version };
      },
      async deployIt({ accountId, modelId }) {
        await vscode.commands.executeCommand('modelbay.deploy', { accountId, modelId });
        return null;
      },
    },
  });
  services.panels.add(subject, opened.panel);
}
