import * as vscode from 'vscode';
import type { Endpoint } from '../../api/schemas';
import type { Connection } from '../accounts/accountConnections';
import { resolveEndpoint } from '../commands/pickers';
import type { ExtensionServices } from '../extensionServices';
import { nodeRefOf } from '../tree/nodeRef';
import { looksLikeRequestDocument, readRequest, requestDocumentFor } from './readRequestDocument';
import type { RequestTarget } from './requestDocument';
import { resolveTarget } from './resolveTarget';

/** What curl, snippets and history act on: an endpoint, and the body to send to it. */
export interface RequestSubject {
  connection: Connection;
  endpoint: Endpoint;
  target: RequestTarget;
  /** The request document's body, or the endpoint's sample request. */
  body: unknown;
  /** The request document, when the subject came from one. */
  document?: vscode.TextDocument;
}

async function fromDocument(services: ExtensionServices, open: ReturnType<typeof readRequest>): Promise<RequestSubject> {
  const { connection, endpoint } = await resolveTarget(services.connections, open.request.target);
  return { connection, endpoint, target: open.request.target, body: open.request.body, document: open.document };
}

/** A service or endpoint from the tree (or the pickers), with its sample request as the body. */
async function fromEndpoint(services: ExtensionServices, node: unknown, withBody: boolean): Promise<RequestSubject> {
  const { account, connection, endpoint } = await resolveEndpoint(services, nodeRefOf(node));
  const body = withBody ? (await connection.account.services.endpointSchema(endpoint.serviceId, endpoint.name)).sampleRequest ?? {} : undefined;
  const target: RequestTarget = { account: account.id, serviceId: endpoint.serviceId, service: endpoint.serviceName, endpoint: endpoint.name, format: 'score' };
  return { connection, endpoint, target, body };
}

/**
 * Resolves a command's argument: a request document's URI (editor menus, CodeLens), a tree node (service or
 * endpoint), or nothing (the active request document, else the account/service/endpoint pickers).
 */
export async function resolveSubject(services: ExtensionServices, arg: unknown, options: { withBody: boolean }): Promise<RequestSubject> {
  if (arg instanceof vscode.Uri) return fromDocument(services, await requestDocumentFor(arg));
  if (arg !== undefined && arg !== null) return fromEndpoint(services, arg, options.withBody);
  const active = vscode.window.activeTextEditor?.document;
  if (active && looksLikeRequestDocument(active)) return fromDocument(services, readRequest(active));
  return fromEndpoint(services, undefined, options.withBody);
}
