import * as vscode from 'vscode';
import { maskKey } from '../../api/keyMask';
import type { AuthKeys } from '../../api/schemas';
import { registerCommand } from '../core/registerCommand';
import { inBackground } from '../core/reportFailure';
import type { ExtensionServices } from '../extensionServices';
import { nodeRefOf, type NodeRef } from '../tree/nodeRef';
import { resolveEndpoint } from './pickers';

/** Reads an endpoint's keys from the service (never stored by these commands: the service is their home). */
async function keysOf(services: ExtensionServices, ref: NodeRef | undefined) {
  const target = await resolveEndpoint(services, ref);
  const keys = await target.connection.account.services.endpointKeys(target.endpoint.serviceId, target.endpoint.name);
  return { ...target, keys };
}

async function regenerate(services: ExtensionServices, ref: NodeRef | undefined, keyType: 'Primary' | 'Secondary', confirmed = false): Promise<AuthKeys | undefined> {
  const { account, connection, endpoint } = await resolveEndpoint(services, ref);
  if (!confirmed) {
    const choice = await vscode.window.showWarningMessage(
      `Regenerate the ${keyType.toLowerCase()} key of ${endpoint.serviceName}/${endpoint.name}? Callers using the old key are refused at once.`,
      { modal: true },
      'Regenerate',
    );
    if (choice !== 'Regenerate') return undefined;
  }
  const keys = await connection.account.services.regenerateEndpointKey(endpoint.serviceId, endpoint.name, keyType);
  services.changes.fire(account.id, 'keys', endpoint.serviceName);
  const key = keyType === 'Primary' ? keys.primaryKey : keys.secondaryKey;
  services.log.info(`Regenerated the ${keyType} key of ${endpoint.serviceName}/${endpoint.name}`);
  inBackground(
    services.log,
    'Copying the key',
    vscode.window.showInformationMessage(`Modelbay: new ${keyType.toLowerCase()} key for ${endpoint.name}: ${maskKey(key)}`, 'Copy').then((choice) => (choice === 'Copy' ? vscode.env.clipboard.writeText(key) : undefined)),
  );
  return keys;
}

export function registerKeyCommands(services: ExtensionServices): void {
  const { context, log } = services;
  registerCommand(context, log, 'modelbay.showKeys', async (node?: unknown) => {
    const { endpoint, keys } = await keysOf(services, nodeRefOf(node));
    const picked = await vscode.window.showQuickPick(
      [
        { label: `Primary: ${maskKey(keys.primaryKey)}`, description: 'copy', key: keys.primaryKey },
        { label: `Secondary: ${maskKey(keys.secondaryKey)}`, description: 'copy', key: keys.secondaryKey },
      ],
      { title: `Keys of ${endpoint.serviceName}/${endpoint.name}` },
    );
    if (picked) {
      await vscode.env.clipboard.writeText(picked.key);
      void vscode.window.showInformationMessage('Modelbay: key copied to the clipboard.');
    }
  });
  registerCommand(context, log, 'modelbay.copyPrimaryKey', async (node?: unknown) => {
    const { endpoint, keys } = await keysOf(services, nodeRefOf(node));
    await vscode.env.clipboard.writeText(keys.primaryKey);
    void vscode.window.showInformationMessage(`Modelbay: primary key of ${endpoint.name} copied.`);
  });
  registerCommand(context, log, 'modelbay.regeneratePrimaryKey', (node?: unknown, confirmed?: unknown) => regenerate(services, nodeRefOf(node), 'Primary', confirmed === true));
  registerCommand(context, log, 'modelbay.regenerateSecondaryKey', (node?: unknown, confirmed?: unknown) => regenerate(services, nodeRefOf(node), 'Secondary', confirmed === true));
  registerCommand(context, log, 'modelbay.copyScoringUrl', async (node?: unknown) => {
    const { endpoint } = await resolveEndpoint(services, nodeRefOf(node));
    await vscode.env.clipboard.writeText(endpoint.scoringUri);
    void vscode.window.showInformationMessage(`Modelbay: copied ${endpoint.scoringUri}`);
    return endpoint.scoringUri;
  });
}
