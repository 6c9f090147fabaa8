import * as vscode from 'vscode';
import { checkEndpointName, checkWholeNumber, ENDPOINT_NAME, MAX_CONCURRENT_CALLS } from '../../api/rules';
import type { Endpoint, EndpointCreateRequest } from '../../api/schemas';
import { presetOf, registerCommand, required } from '../core/registerCommand';
import type { ExtensionServices } from '../extensionServices';
import { nodeRefOf, serviceOf, type NodeRef } from '../tree/nodeRef';
import { pickService, resolveAccount } from './pickers';

async function askEndpoint(serviceName: string): Promise<EndpointCreateRequest> {
  const name = required(
    await vscode.window.showInputBox({
      title: `New endpoint of ${serviceName}`,
      prompt: `${ENDPOINT_NAME.description}, unique in the service`,
      ignoreFocusOut: true,
      validateInput: (t) => checkEndpointName(t),
    }),
  );
  const calls = required(
    await vscode.window.showInputBox({
      title: 'Max concurrent calls',
      value: String(MAX_CONCURRENT_CALLS.default),
      ignoreFocusOut: true,
      validateInput: (t) => checkWholeNumber(t, MAX_CONCURRENT_CALLS, 'Max concurrent calls'),
    }),
  );
  return { name, maxConcurrentCalls: Number(calls) };
}

/** Modelbay: Add Endpoint: to a clicked service (or its Endpoints folder) or a picked one. */
async function addEndpoint(services: ExtensionServices, ref?: NodeRef, preset?: EndpointCreateRequest): Promise<Endpoint> {
  const account = await resolveAccount(services, ref);
  const connection = await services.connections.connect(account.id);
  const service = serviceOf(ref) ?? (await pickService(connection));
  const request = preset ?? (await askEndpoint(service.name));
  const endpoint = await connection.account.services.createEndpoint(service.id, request);
  services.tree.reload(services.tree.accountNode(account.id));
  services.changes.fire(account.id, 'endpoint', service.name);
  void vscode.window.showInformationMessage(`Modelbay: endpoint ${endpoint.name} added to ${service.name}.`);
  return endpoint;
}

/** Modelbay: Remove Endpoint, after a confirmation naming it. */
async function removeEndpoint(services: ExtensionServices, ref?: NodeRef, confirmed = false): Promise<void> {
  const account = await resolveAccount(services, ref);
  const connection = await services.connections.connect(account.id);
  let endpoint = ref?.kind === 'endpoint' ? ref.resource : undefined;
  if (!endpoint) {
    const service = serviceOf(ref) ?? (await pickService(connection));
    const endpoints = (await connection.account.services.endpoints(service.id)).filter((e) => e.name !== 'default');
    endpoint = required(await vscode.window.showQuickPick(endpoints.map((e) => ({ label: e.name, e })), { title: 'Remove which endpoint?' })).e;
  }
  if (!confirmed) {
    const choice = await vscode.window.showWarningMessage(`Remove the endpoint ${endpoint.name} of ${endpoint.serviceName}? Its URL and keys stop working at once.`, { modal: true }, 'Remove');
    if (choice !== 'Remove') return;
  }
  await connection.account.services.deleteEndpoint(endpoint.serviceId, endpoint.name);
  services.tree.reload(services.tree.accountNode(account.id));
  services.changes.fire(account.id, 'endpoint', endpoint.serviceName);
}

export function registerEndpointCommands(services: ExtensionServices): void {
  const { context, log } = services;
  registerCommand(context, log, 'modelbay.addEndpoint', (node?: unknown, preset?: unknown) => addEndpoint(services, nodeRefOf(node), presetOf<EndpointCreateRequest>(preset)));
  registerCommand(context, log, 'modelbay.removeEndpoint', (node?: unknown, confirmed?: unknown) => removeEndpoint(services, nodeRefOf(node), confirmed === true));
}
