import * as vscode from 'vscode';
import { ModelbayApiError } from '../../api/client/errors';
import type { ServiceResponse } from '../../api/schemas';
import { serviceDetailsParamsCheck, type ServiceDetails, type ServiceDetailsEvent, type ServiceDetailsMethods } from '../../../webviews/protocol/serviceDetailsProtocol';
import type { AccountHandle } from '../accounts/accountConnections';
import { coalescedRun } from '../core/coalescedRun';
import { describeError } from '../core/describeError';
import type { ResourceChange } from '../core/resourceChanges';
import type { ExtensionServices } from '../extensionServices';
import { testService } from '../requests/testService';
import type { ResourceRef } from '../tree/nodeRef';
import { openPanel } from './panelHost';
import { openUsageDashboard } from './usageDashboardPanel';
import { readServiceDetails } from './readServiceDetails';

/**
 * Service details: state, scoring URL, endpoints with their keys (masked, copy, regenerate), remove and test an
 * endpoint, add one, and the deployment history. It shows the service as it is now: it reads it again whenever a
 * command, another panel or an operation changes it (and when it comes back into view, for changes made elsewhere).
 * Every action answers its own failure, which the webview shows next to the button that caused it.
 */
export function openServiceDetailsPanel(services: ExtensionServices, account: AccountHandle, service: ServiceResponse): void {
  // One panel per service: asked again, the open one comes forward (and reads the service again as it shows).
  const subject = `service-details:${account.id}/${service.id}`;
  if (services.panels.reveal(subject)) return;
  const client = async () => (await services.connections.connect(account.id)).account;
  const details = async (): Promise<ServiceDetails> => readServiceDetails(await client(), account.id, service.id);
  /** Tells the tree and every panel (this one included, which then shows the change). */
  const changed = (kind: 'endpoint' | 'keys') => {
    services.tree.reload(services.tree.accountNode(account.id));
    services.changes.fire(account.id, kind, service.name);
  };

  const handle = openPanel<ServiceDetailsMethods, ServiceDetails, ServiceDetailsEvent>(services.context, services.log, {
    viewType: 'modelbay.serviceDetails',
    title: `Service ${service.name}`,
    script: 'serviceDetails',
    check: serviceDetailsParamsCheck,
    init: details,
    handlers: {
      refresh: () => details(),
      async copyKey({ endpoint, keyType }) {
        const keys = await (await client()).services.endpointKeys(service.id, endpoint);
        await vscode.env.clipboard.writeText(keyType === 'Primary' ? keys.primaryKey : keys.secondaryKey);
        return null;
      },
      async regenerateKey({ endpoint, keyType }) {
        const choice = await vscode.window.showWarningMessage(
          `Regenerate the ${keyType.toLowerCase()} key of ${service.name}/${endpoint}? Callers using the old key are refused at once.`,
          { modal: true },
          'Regenerate',
        );
        if (choice !== 'Regenerate') return false;
        await (await client()).services.regenerateEndpointKey(service.id, endpoint, keyType);
        services.log.info(`Regenerated the ${keyType} key of ${service.name}/${endpoint}`);
        changed('keys');
        return true;
      },
      async copyText({ text }) {
        await vscode.env.clipboard.writeText(text);
        return null;
      },
      async addEndpoint(params) {
        await (await client()).services.createEndpoint(service.id, params);
        services.log.info(`Added the endpoint ${params.name} to ${service.name}`);
        changed('endpoint');
        return null;
      },
      async removeEndpoint({ endpoint }) {
        const choice = await vscode.window.showWarningMessage(`Remove the endpoint ${endpoint} of ${service.name}? Its URL and keys stop working at once.`, { modal: true }, 'Remove');
        if (choice !== 'Remove') return false;
        await (await client()).services.deleteEndpoint(service.id, endpoint);
        services.log.info(`Removed the endpoint ${endpoint} of ${service.name}`);
        changed('endpoint');
        return true;
      },
      async testEndpoint({ endpoint }) {
        const ref: ResourceRef<'endpoint'> = { kind: 'endpoint', account, resource: await (await client()).services.endpoint(service.id, endpoint) };
        // Called directly, not through the command, so that its failure comes back here, next to the Test button.
        await testService(services, ref);
        return null;
      },
      async saveEndpointSettings({ endpoint, ...settings }) {
        await (await client()).services.updateEndpoint(service.id, endpoint, settings);
        services.log.info(`Saved the settings of ${service.name}/${endpoint}: ${JSON.stringify(settings)}`);
        changed('endpoint');
        return null;
      },
      async setEndpointState({ endpoint, state }) {
        await (await client()).services.updateEndpoint(service.id, endpoint, { state });
        services.log.info(`${state === 'Suspended' ? 'Suspended' : 'Resumed'} ${service.name}/${endpoint}`);
        changed('endpoint');
        return null;
      },
      openUsage() {
        openUsageDashboard(services, account, service);
        return Promise.resolve(null);
      },
    },
  });

  const refresh = coalescedRun(async () => {
    handle.post(await pushedState(details));
  });
  const concernsThis = (change: ResourceChange) => change.accountId === account.id && (change.service === service.name || change.kind === 'image');
  let visible = handle.panel.visible;
  const listeners = [
    services.changes.onDidChange((change) => concernsThis(change) && refresh()),
    // Back into view: another window, another user of a shared service or a script may have changed it meanwhile.
    handle.panel.onDidChangeViewState(({ webviewPanel }) => {
      if (webviewPanel.visible && !visible) refresh();
      visible = webviewPanel.visible;
    }),
  ];
  handle.panel.onDidDispose(() => {
    for (const listener of listeners) listener.dispose();
  });
  services.panels.add(subject, handle.panel);
}

/** The service as it is now; a service that no longer exists, or that cannot be read, says so instead. */
async function pushedState(details: () => Promise<ServiceDetails>): Promise<ServiceDetailsEvent> {
  try {
    return { kind: 'details', details: await details() };
  } catch (error) {
    // An endpoint removed between two reads is a 404 too; only the service's own 404 means it is gone.
    if (error instanceof ModelbayApiError && error.code === 'ServiceNotFound') return { kind: 'gone', message: 'This service no longer exists: it was deleted.' };
    return { kind: 'refreshFailed', message: `Could not read the service again: ${describeError(error)}` };
  }
}
