import * as vscode from 'vscode';
import type { Image } from '../../api/schemas';
import { resolveEndpoint } from '../commands/pickers';
import { registerCommand } from '../core/registerCommand';
import type { ExtensionServices } from '../extensionServices';
import { isBuilding, type BuildLogFollowers } from '../logs/buildLogFollowers';
import { nodeRefOf, type ResourceRef } from '../tree/nodeRef';
import { ResourceDocumentProvider, RESOURCE_SCHEME, resourceUri } from './resourceDocuments';

/** The id a resource document is read by, and the name its tab shows. */
function documentOf(ref: ResourceRef): { id: string; label: string } {
  switch (ref.kind) {
    case 'endpoint':
      return { id: `${ref.resource.serviceId}/${ref.resource.name}`, label: ref.resource.name };
    case 'deployment':
      return { id: ref.resource.id, label: `deployment-${ref.resource.id.slice(0, 8)}` };
    case 'service':
      return { id: ref.resource.id, label: ref.resource.name };
    default:
      return { id: ref.resource.id, label: `${ref.resource.name}-${ref.resource.version}` };
  }
}

/** What Show Build Log takes: an image row, or the account and image an operation names. */
function buildLogTarget(target: unknown): { accountId: string; imageId: string; image?: Image } | undefined {
  const ref = nodeRefOf(target);
  if (ref?.kind === 'image') return { accountId: ref.account.id, imageId: ref.resource.id, image: ref.resource };
  if (typeof target === 'object' && target !== null && 'accountId' in target && 'imageId' in target && typeof target.accountId === 'string' && typeof target.imageId === 'string') {
    return { accountId: target.accountId, imageId: target.imageId };
  }
  return undefined;
}

/** Open as JSON (read-only) and Show Build Log (followed live while the build runs). */
export function registerResourceDocuments(services: ExtensionServices, buildLogs: BuildLogFollowers): void {
  const { context, log } = services;
  context.subscriptions.push(vscode.workspace.registerTextDocumentContentProvider(RESOURCE_SCHEME, new ResourceDocumentProvider(services.connections)));

  registerCommand(context, log, 'modelbay.openResource', async (node?: unknown) => {
    const ref = nodeRefOf(node);
    if (!ref || ref.kind === 'account' || ref.kind === 'folder' || ref.kind === 'modelGroup') {
      void vscode.window.showInformationMessage('Modelbay: choose a model, manifest, image, service, endpoint or deployment in the Modelbay view.');
      return;
    }
    const { id, label } = documentOf(ref);
    const document = await vscode.workspace.openTextDocument(resourceUri(ref.account.id, ref.kind, id, label));
    await vscode.languages.setTextDocumentLanguage(document, 'json');
    await vscode.window.showTextDocument(document, { preview: true });
  });

  registerCommand(context, log, 'modelbay.showBuildLog', async (target?: unknown) => {
    const image = buildLogTarget(target);
    if (!image) {
      void vscode.window.showInformationMessage('Modelbay: choose an image in the Modelbay view.');
      return;
    }
    // Read again: the tree's row (or the operation) may show a build that has ended since, or one that has begun.
    const named = await (await services.connections.connect(image.accountId)).account.getImage(image.imageId);
    if (isBuilding(named)) {
      buildLogs.show(image.accountId, named);
      return;
    }
    // The tab is titled by the image's name and version ("iris:3 build.log").
    const document = await vscode.workspace.openTextDocument(resourceUri(image.accountId, 'buildlog', image.imageId, `${named.name}:${named.version} build`));
    await vscode.window.showTextDocument(document, { preview: true });
  });

  // The endpoint's request log as a read-only JSON document, read when it opens (opened again once closed, it is read again).
  registerCommand(context, log, 'modelbay.showRequestLog', async (node?: unknown) => {
    const { account, endpoint } = await resolveEndpoint(services, nodeRefOf(node));
    const uri = resourceUri(account.id, 'requestlog', `${endpoint.serviceId}/${endpoint.name}`, `${endpoint.serviceName}-${endpoint.name} requests`);
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.languages.setTextDocumentLanguage(document, 'json');
    await vscode.window.showTextDocument(document, { preview: true });
    return document;
  });
}
