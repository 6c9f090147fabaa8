import * as vscode from 'vscode';
import type { Endpoint } from '../../api/schemas';
import { describeError } from '../core/describeError';
import type { ExtensionServices } from '../extensionServices';
import { endpointKeyFor } from './endpointKeyFor';
import { historyEntry } from './history';
import { findRequestDocument, readRequest, requestName } from './readRequestDocument';
import type { RequestHistory } from './requestHistory';
import { requestUrl } from './requestUrl';
import { resolveTarget } from './resolveTarget';
import type { ResponseDocuments } from './responseDocuments';
import { notSentView, responseView, statusLine } from './responseText';
import type { RequestDocument } from './requestDocument';
import { callEndpoint, type ScoreOutcome } from './scoreCall';

/** What a send returns to its caller (tests, other commands): never the key. */
export interface SendResult {
  status?: number;
  durationMs: number;
  response: vscode.Uri;
  /** Why nothing was sent (the document or its target is wrong); the response document says it too. */
  notSent?: string;
}

/**
 * Send Request: reads the request document (unsaved edits included), finds its endpoint through the service,
 * POSTs the body with the endpoint key and shows the answer beside the document, as the service gave it. When it
 * cannot send (the document is broken, its endpoint is gone), that replaces the document's previous response: what
 * is beside a request is always the outcome of its last send. With no request document at all, it throws.
 */
export async function sendRequest(services: ExtensionServices, responses: ResponseDocuments, history: RequestHistory, uri?: vscode.Uri): Promise<SendResult> {
  const document = await findRequestDocument(uri);
  let sent: Sent;
  try {
    sent = await call(services, document);
  } catch (error) {
    const reason = describeError(error);
    services.log.warn(`Not sent: ${requestName(document)}: ${reason}`);
    const shown = await responses.show(document.uri, notSentView(requestName(document), reason));
    return { durationMs: 0, response: shown.uri, notSent: reason };
  }
  const { request, url, endpoint, outcome } = sent;
  services.log.info(`POST ${url} (${endpoint.serviceName}/${endpoint.name}): ${statusLine(outcome)}${outcome.kind === 'response' && outcome.retriedWithNewKey ? ' (after reading the key again)' : ''}`);
  const shown = await responses.show(document.uri, responseView('POST', url, outcome));
  // The history is a convenience: failing to record a send must not turn the send itself into an error.
  await history.add(endpoint.id, historyEntry(new Date(), request.target, url, request.body, outcome)).catch((error: unknown) => services.log.warn(`Could not record the request in the history: ${String(error)}`));
  return { status: outcome.kind === 'response' ? outcome.status : undefined, durationMs: outcome.durationMs, response: shown.uri };
}

interface Sent {
  request: RequestDocument;
  url: string;
  endpoint: Endpoint;
  outcome: ScoreOutcome;
}

/** Reads the document, finds its endpoint and key, and calls it; throws when it gets no further than that. */
async function call(services: ExtensionServices, document: vscode.TextDocument): Promise<Sent> {
  const { request } = readRequest(document);
  const { target } = request;
  const { connection, endpoint } = await resolveTarget(services.connections, target);
  const url = requestUrl(endpoint, target.format);
  const keys = endpointKeyFor(services.requestData, target.account, connection, endpoint);
  const outcome = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: `Sending to ${endpoint.serviceName}/${endpoint.name}` },
    () => callEndpoint({ url, body: request.body, keys }),
  );
  return { request, url, endpoint, outcome };
}
