import * as vscode from 'vscode';
import type { ExtensionServices } from '../extensionServices';
import { endpointKeyFor } from './endpointKeyFor';
import { historyEntry } from './history';
import { requestDocumentFor } from './readRequestDocument';
import type { RequestHistory } from './requestHistory';
import { requestUrl } from './requestUrl';
import { resolveTarget } from './resolveTarget';
import type { ResponseDocuments } from './responseDocuments';
import { responseView, statusLine } from './responseText';
import { callEndpoint } from './scoreCall';

/** What a send returns to its caller (tests, other commands): never the key. */
export interface SendResult {
  status?: number;
  durationMs: number;
  response: vscode.Uri;
}

/**
 * Send Request: reads the request document (unsaved edits included), finds its endpoint through the service,
 * POSTs the body with the endpoint key and shows the answer beside the document, as the service gave it.
 */
export async function sendRequest(services: ExtensionServices, responses: ResponseDocuments, history: RequestHistory, uri?: vscode.Uri): Promise<SendResult> {
  const { document, request } = await requestDocumentFor(uri instanceof vscode.Uri ? uri : undefined);
  const { target } = request;
  const { connection, endpoint } = await resolveTarget(services.connections, target);
  const url = requestUrl(endpoint, target.format);
  const keys = endpointKeyFor(services.requestData, target.account, connection, endpoint);

  const outcome = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: `Sending to ${endpoint.serviceName}/${endpoint.name}` },
    () => callEndpoint({ url, body: request.body, keys }),
  );
  services.log.info(`POST ${url} (${endpoint.serviceName}/${endpoint.name}): ${statusLine(outcome)}${outcome.kind === 'response' && outcome.retriedWithNewKey ? ' (after reading the key again)' : ''}`);

  const shown = await responses.show(document.uri, responseView('POST', url, outcome));
  // The history is a convenience: failing to record a send must not turn the send itself into an error.
  await history.add(endpoint.id, historyEntry(new Date(), target, url, request.body, outcome)).catch((error: unknown) => services.log.warn(`Could not record the request in the history: ${String(error)}`));
  return { status: outcome.kind === 'response' ? outcome.status : undefined, durationMs: outcome.durationMs, response: shown.uri };
}
