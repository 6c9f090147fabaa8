import * as vscode from 'vscode';
import type { Endpoint, Image, Manifest, Model, ServiceResponse } from '../../api/schemas';
import type { AccountHandle, Connection } from '../accounts/accountConnections';
import { required } from '../core/registerCommand';
import { serviceStatus } from '../core/serviceStatus';
import type { ExtensionServices } from '../extensionServices';
import { serviceOf, type NodeRef } from '../tree/nodeRef';

/** The account a clicked node belongs to, or the only account, or the one the user picks. */
export async function resolveAccount(services: ExtensionServices, ref?: NodeRef): Promise<AccountHandle> {
  if (ref) return ref.account;
  const accounts = services.connections.all();
  if (accounts.length === 1) return accounts[0]!;
  if (accounts.length === 0) throw new Error('There is no account: enable the Local account or add a remote one.');
  const picked = await vscode.window.showQuickPick(
    accounts.map((a) => ({ label: a.label, description: a.kind === 'local' ? 'this machine' : a.url, account: a })),
    { title: 'Which account?', ignoreFocusOut: true },
  );
  return required(picked).account;
}

async function pickFrom<T>(items: T[], describe: (item: T) => vscode.QuickPickItem, title: string, empty: string): Promise<T> {
  if (items.length === 0) throw new Error(empty);
  const picked = await vscode.window.showQuickPick(items.map((item) => ({ ...describe(item), item })), { title, ignoreFocusOut: true, matchOnDescription: true });
  return required(picked).item;
}

export async function pickModel(connection: Connection): Promise<Model> {
  const page = await connection.account.listModels({ count: 200 });
  return pickFrom(page.value, (m) => ({ label: `${m.name}:${m.version}`, description: m.tags.join(', '), detail: m.description }), 'Which model?', 'No model is registered yet: register one first.');
}

export async function pickManifest(connection: Connection): Promise<Manifest> {
  const page = await connection.account.listManifests({ count: 200 });
  return pickFrom(page.value, (m) => ({ label: `${m.name}:${m.version}`, description: m.targetRuntime.runtimeType }), 'Which manifest?', 'There is no manifest yet: create one first.');
}

/** A built image (what a service can run), or with `builtOnly: false` any image (what can be deleted). */
export async function pickImage(connection: Connection, options: { builtOnly?: boolean } = {}): Promise<Image> {
  const page = await connection.account.listImages({ count: 200 });
  const builtOnly = options.builtOnly ?? true;
  const images = builtOnly ? page.value.filter((i) => i.creationState === 'Succeeded') : page.value;
  const describe = (i: Image) => ({ label: `${i.name}:${i.version}`, description: `${i.manifest.targetRuntime.runtimeType}${builtOnly ? '' : ` · ${i.creationState}`}` });
  return pickFrom(images, describe, 'Which image?', builtOnly ? 'There is no built image yet: create one first.' : 'There is no image.');
}

export async function pickService(connection: Connection): Promise<ServiceResponse> {
  const page = await connection.account.services.list({ count: 200 });
  return pickFrom(page.value, (s) => ({ label: s.name, description: serviceStatus(s).summary }), 'Which service?', 'There is no service yet: deploy a model first.');
}

/** The endpoint a node stands for, or the default endpoint of a clicked/picked service. */
export async function resolveEndpoint(services: ExtensionServices, ref: NodeRef | undefined): Promise<{ account: AccountHandle; connection: Connection; endpoint: Endpoint }> {
  const account = await resolveAccount(services, ref);
  const connection = await services.connections.connect(account.id);
  if (ref?.kind === 'endpoint') return { account, connection, endpoint: ref.resource };
  const service = serviceOf(ref) ?? (await pickService(connection));
  const endpoints = await connection.account.services.endpoints(service.id);
  if (endpoints.length === 1) return { account, connection, endpoint: endpoints[0]! };
  const chosen = await pickFrom(endpoints, (e) => ({ label: e.name, description: e.scoringUri }), `Which endpoint of ${service.name}?`, `${service.name} has no endpoint.`);
  return { account, connection, endpoint: chosen };
}
