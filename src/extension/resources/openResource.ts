import * as vscode from 'vscode';
import type { Endpoint } from '../../api/schemas';
import { registerCommand } from '../core/registerCommand';
import type { ExtensionServices } from '../extensionServices';
import { accountOf } from '../commands/pickers';
import { ResourceDocumentProvider, RESOURCE_SCHEME, resourceUri } from './resourceDocuments';

type Clicked = { kind?: string; resource?: { id: string; name?: string; version?: number } };

/** Open as JSON (read-only) and Show Build Log. */
export function registerResourceDocuments(services: ExtensionServices): void {
  const { context, log } = services;
  context.subscriptions.push(vscode.workspace.registerTextDocumentContentProvider(RESOURCE_SCHEME, new ResourceDocumentProvider(services.connections)));

  registerCommand(context, log, 'modelbay.openResource', async (node?: Clicked) => {
    const account = accountOf(node);
    if (!account || !node?.kind || !node.resource) {
      void vscode.window.showInformationMessage('Modelbay: choose a model, manifest, image, service, endpoint or deployment in the Modelbay view.');
      return;
    }
    const r = node.resource;
    const id = node.kind === 'endpoint' ? `${(r as Endpoint).serviceId}/${(r as Endpoint).name}` : r.id;
    const label = `${r.name ?? node.kind}${r.version !== undefined ? `-${r.version}` : ''}`;
    const document = await vscode.workspace.openTextDocument(resourceUri(account.id, node.kind as never, id, label));
    await vscode.languages.setTextDocumentLanguage(document, 'json');
    await vscode.window.showTextDocument(document, { preview: true });
  });

  registerCommand(context, log, 'modelbay.showBuildLog', async (target?: Clicked | { accountId: string; imageId: string }) => {
    const accountId = target && 'accountId' in target ? target.accountId : accountOf(target)?.id;
    const imageId = target && 'imageId' in target ? target.imageId : (target as Clicked | undefined)?.resource?.id;
    if (!accountId || !imageId) return;
    const document = await vscode.workspace.openTextDocument(resourceUri(accountId, 'buildlog', imageId, `build-${imageId.slice(0, 8)}`));
    await vscode.window.showTextDocument(document, { preview: true });
  });
}
