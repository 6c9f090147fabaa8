import * as vscode from 'vscode';
import { registerCommand } from '../core/registerCommand';
import type { ExtensionServices } from '../extensionServices';
import { copyAsCurl } from './copyAsCurl';
import { REQUEST_DOCUMENTS, RequestCodeLensProvider } from './requestCodeLens';
import { RequestHistory } from './requestHistory';
import { RESPONSE_SCHEME, ResponseDocuments } from './responseDocuments';
import { sendRequest } from './sendRequest';
import { showRequestHistory } from './showRequestHistory';
import { showSnippets } from './showSnippets';
import { testService } from './testService';

/** In-editor request testing: request documents, their CodeLens, the response documents and the commands. */
export function registerRequestCommands(services: ExtensionServices): void {
  const { context, log } = services;
  const responses = new ResponseDocuments();
  const history = new RequestHistory(context.globalState);
  context.subscriptions.push(
    responses,
    responses.followActiveRequests(),
    vscode.workspace.registerTextDocumentContentProvider(RESPONSE_SCHEME, responses),
    vscode.languages.registerCodeLensProvider(REQUEST_DOCUMENTS, new RequestCodeLensProvider()),
  );

  registerCommand(context, log, 'modelbay.testService', (node?: unknown) => testService(services, node));
  registerCommand(context, log, 'modelbay.sendRequest', (uri?: unknown) => sendRequest(services, responses, history, uri instanceof vscode.Uri ? uri : undefined));
  registerCommand(context, log, 'modelbay.copyAsCurl', (arg?: unknown) => copyAsCurl(services, arg));
  // The second argument skips the pick (tests, scripts): a snippet id, or the index of a history entry.
  registerCommand(context, log, 'modelbay.showSnippets', (arg?: unknown, snippetId?: unknown) => showSnippets(services, arg, typeof snippetId === 'string' ? snippetId : undefined));
  registerCommand(context, log, 'modelbay.showRequestHistory', (arg?: unknown, index?: unknown) => showRequestHistory(services, history, arg, typeof index === 'number' ? index : undefined));
}
