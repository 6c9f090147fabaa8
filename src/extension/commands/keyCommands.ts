import * as vscode from 'vscode';
import type { AuthKeys } from '../../api/schemas';
import { registerCommand } from '../core/registerCommand';
import type { ExtensionServices } from '../extensionServices';
import { resolveEndpoint } from './pickers';

const mask = (key: string) => `${key.slice(0, 4)}${'•'.repeat(12)}${key.slice(-4)}`;

/** Reads an endpoint's keys from the service (never stored by the extension: the service is their home). */
async function keysOf(services: ExtensionServices, node: unknown) {
  const target = await resolveEndpoint(services, node);
  const keys = await target.connection.account.services.endpointKeys(target.endpoint.serviceId, target.endpoint.name);
  return { ...target, keys };
}

async function regenerate(services: ExtensionServices, node: unknown, keyType: 'Primary' | 'Secondary', confirmed = false): Promise<AuthKeys | undefined> {
  const { connection, endpoint } = await resolveEndpoint(services, node);
  if (!confirmed) {
    const choice = await vscode.window.showWarningMessage(
      `Regenerate the ${keyType.toLowerCase()} key of ${endpoint.serviceName}/${endpoint.name}? Callers using the old key are refused at once.`,
      { modal: true },
      'Regenerate',
    );
    if (choice !== 'Regenerate') return undefined;
  }
  const keys = await connection.account.services.regenerateEndpointKey(endpoint.serviceId, endpoint.name, keyType);
  services.log.info(`Regenerated the ${keyType} key of ${endpoint.serviceName}/${endpoint.name}`);
  void vscode.window.showInformationMessage(`Modelbay: new ${keyType.toLowerCase()} key for ${endpoint.name}: ${mask(keyType === 'Primary' ? keys.primaryKey : keys.secondaryKey)}`, 'Copy').then(async (choice) => {
    if (choice === 'Copy') await vscode.env.clipboard.writeText(keyType === 'Primary' ? keys.primaryKey : keys.secondaryKey);
  });
  return keys;
}

export function registerKeyCommands(services: ExtensionServices): void {
  const { context, log } = services;
  registerCommand(context, log, 'modelbay.showKeys', async (node?: unknown) => {
    const { endpoint, keys } = await keysOf(services, node);
    const picked = await vscode.window.showQuickPick(
      [
        { label: `Primary: ${mask(keys.primaryKey)}`, description: 'copy', key: keys.primaryKey },
        { label: `Secondary: ${mask(keys.secondaryKey)}`, description: 'copy', key: keys.secondaryKey },
      ],
      { title: `Keys of ${endpoint.serviceName}/${endpoint.name}` },
    );
    if (picked) {
      await vscode.env.clipboard.writeText(picked.key);
      void vscode.window.showInformationMessage('Modelbay: key copied to the clipboard.');
    }
  });
  registerCommand(context, log, 'modelbay.copyPrimaryKey', async (node?: unknown) => {
    const { endpoint, keys } = await keysOf(services, node);
    await vscode.env.clipboard.writeText(keys.primaryKey);
    void vscode.window.showInformationMessage(`Modelbay: primary key of ${endpoint.name} copied.`);
  });
  registerCommand(context, log, 'modelbay.regeneratePrimaryKey', (node?: unknown, confirmed?: boolean) => regenerate(services, node, 'Primary', confirmed === true));
  registerCommand(context, log, 'modelbay.regenerateSecondaryKey', (node?: unknown, confirmed?: boolean) => regenerate(services, node, 'Secondary', confirmed === true));
  registerCommand(context, log, 'modelbay.copyScoringUrl', async (node?: unknown) => {
    const { endpoint } = await resolveEndpoint(services, node);
    await vscode.env.clipboard.writeText(endpoint.scoringUri);
    void vscode.window.showInformationMessage(`Modelbay: copied ${endpoint.scoringUri}`);
    return endpoint.scoringUri;
  });
}
