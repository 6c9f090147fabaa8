import { pickService, resolveAccount } from '../commands/pickers';
import { registerCommand } from '../core/registerCommand';
import type { ExtensionServices } from '../extensionServices';
import { nodeRefOf, serviceOf } from '../tree/nodeRef';
import { openServiceDetailsPanel } from './serviceDetailsPanel';
import { openUsageDashboard } from './usageDashboardPanel';

/** Show Service Details and the Usage dashboard. (The Register Model and Deploy Model forms open from their commands: commands/creationCommands.ts.) */
export function registerPanelCommands(services: ExtensionServices): void {
  const { context, log } = services;
  registerCommand(context, log, 'modelbay.openServiceDetails', async (node?: unknown) => {
    const ref = nodeRefOf(node);
    const account = await resolveAccount(services, ref);
    const service = serviceOf(ref) ?? (await pickService(await services.connections.connect(account.id)));
    openServiceDetailsPanel(services, account, service);
  });
  registerCommand(context, log, 'modelbay.showUsage', async (node?: unknown) => {
    const ref = nodeRefOf(node);
    const account = await resolveAccount(services, ref);
    const service = serviceOf(ref) ?? (await pickService(await services.connections.connect(account.id)));
    openUsageDashboard(services, account, service);
  });
}
