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
import type { CodeSnippet } from './snippets';
import { testService } from './testService';

/** In-editor request testing: request documents, their CodeLens, the response documents and the commands. */
export function registerRequestCommands(services: ExtensionServices): void {
  const { context, log } = services;
  const responses = new ResponseDocuments();
  const history = new RequestHistory(context.globalState);
  context.subscriptions.push(
    responses,
    vscode.workspace.registerTextDocumentContentProvider(RESPONSE_SCHEME, responses),
    vscode.languages.registerCodeLensProvider(REQUEST_DOCUMENTS, new RequestCodeLensProvider()),
  );

  registerCommand(context, log, 'modelbay.testService', (node?: unknown) => testService(services, node));
  registerCommand(context, log, 'modelbay.sendRequest', (uri?: vscode.Uri) => sendRequest(services, responses, history, uri));
  registerCommand(context, log, 'modelbay.copyAsCurl', (arg?: unknown) => copyAsCurl(services, arg));
  registerCommand(context, log, 'modelbay.showSnippets', (arg?: unknown, snippetId?: CodeSnippet['id']) => showSnippets(services, arg, snippetId));
  registerCommand(context, log, 'modelbay.showRequestHistory', (arg?: unknown, index?: number) => showRequestHistory(services, history, arg, index));
}
