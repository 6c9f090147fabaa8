import * as vscode from 'vscode';
import type { Endpoint, EndpointCreateRequest, ServiceResponse } from '../../api/schemas';
import { presetOf, registerCommand, required } from '../core/registerCommand';
import type { ExtensionServices } from '../extensionServices';
import { pickService, resolveAccount, resourceOf } from './pickers';

async function addEndpoint(services: ExtensionServices, node?: unknown, preset?: EndpointCreateRequest): Promise<Endpoint> {
  const account = await resolveAccount(services, node);
  const connection = await services.connections.connect(account.id);
  const parent = (node as { parent?: unknown } | undefined)?.parent;
  const service = resourceOf<ServiceResponse>(node, 'service') ?? resourceOf<ServiceResponse>(parent, 'service') ?? (await pickService(connection));
  const request =
    preset ??
    ({
      name: required(
        await vscode.window.showInputBox({
          title: `New endpoint of ${service.name}`,
          prompt: '1 to 24 lowercase letters or digits, unique in the service',
          ignoreFocusOut: true,
          validateInput: (t) => (/^[a-z0-9]{1,24}$/.test(t) ? undefined : '1 to 24 lowercase letters or digits'),
        }),
      ),
      maxConcurrentCalls: Number(
        required(
          await vscode.window.showInputBox({
            title: 'Max concurrent calls',
            value: '20',
            ignoreFocusOut: true,
            validateInput: (t) => (/^\d+$/.test(t) && Number(t) >= 4 && Number(t) <= 200 ? undefined : 'A whole number from 4 to 200'),
          }),
        ),
      ),
    } satisfies EndpointCreateRequest);
  const endpoint = await connection.account.services.createEndpoint(service.id, request);
  services.tree.reload(services.tree.accountNode(account.id));
  void vscode.window.showInformationMessage(`Modelbay: endpoint ${endpoint.name} added to ${service.name}.`);
  return endpoint;
}

async function removeEndpoint(services: ExtensionServices, node?: unknown, confirmed = false): Promise<void> {
  const account = await resolveAccount(services, node);
  const connection = await services.connections.connect(account.id);
  let endpoint = resourceOf<Endpoint>(node, 'endpoint');
  if (!endpoint) {
    const service = await pickService(connection);
    const endpoints = (await connection.account.services.endpoints(service.id)).filter((e) => e.name !== 'default');
    endpoint = required(await vscode.window.showQuickPick(endpoints.map((e) => ({ label: e.name, e })), { title: 'Remove which endpoint?' })).e;
  }
  if (!confirmed) {
    const choice = await vscode.window.showWarningMessage(`Remove the endpoint ${endpoint.name} of ${endpoint.serviceName}? Its URL and keys stop working at once.`, { modal: true }, 'Remove');
    if (choice !== 'Remove') return;
  }
  await connection.account.services.deleteEndpoint(endpoint.serviceId, endpoint.name);
  services.tree.reload(services.tree.accountNode(account.id));
}

export function registerEndpointCommands(services: ExtensionServices): void {
  const { context, log } = services;
  registerCommand(context, log, 'modelbay.addEndpoint', (node?: unknown, preset?: unknown) => addEndpoint(services, node, presetOf<EndpointCreateRequest>(preset)));
  registerCommand(context, log, 'modelbay.removeEndpoint', (node?: unknown, confirmed?: boolean) => removeEndpoint(services, node, confirmed === true));
}
