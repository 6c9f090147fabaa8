import { ModelbayApiError } from '../../api/client/errors';
import type { ServiceResponse } from '../../api/schemas';
import { usageParamsCheck, type UsageEvent, type UsageInit, type UsageMethods } from '../../../webviews/protocol/usageProtocol';
import type { AccountHandle } from '../accounts/accountConnections';
import type { ExtensionServices } from '../extensionServices';
import { openPanel } from './panelHost';
import { readUsage } from './readUsage';

/**
 * The Usage dashboard of one service: its calls by outcome, latency, refusals and bytes over a range, for the whole
 * service or one endpoint (uPlot charts in the webview). One panel per service; it hears of endpoints added or
 * removed, and says so when the service is deleted.
 */
export function openUsageDashboard(services: ExtensionServices, account: AccountHandle, service: ServiceResponse): void {
  const subject = `usage:${account.id}/${service.id}`;
  if (services.panels.reveal(subject)) return;
  const client = async () => (await services.connections.connect(account.id)).account;
  const endpointNames = async () => (await (await client()).services.endpoints(service.id)).map((e) => e.name);

  const handle = openPanel<UsageMethods, UsageInit, UsageEvent>(services.context, services.log, {
    viewType: 'modelbay.usageDashboard',
    title: `Usage · ${service.name}`,
    script: 'usageDashboard',
    bundleCss: true,
    check: usageParamsCheck,
    init: async () => ({ serviceName: service.name, endpoints: await endpointNames() }),
    handlers: {
      load: async (selection) => readUsage(await client(), service.id, selection),
    },
  });

  const listener = services.changes.onDidChange((change) => {
    if (change.accountId !== account.id || change.service !== service.name) return;
    endpointNames().then(
      (endpoints) => handle.post({ kind: 'endpoints', endpoints }),
      (error: unknown) => {
        if (error instanceof ModelbayApiError && error.code === 'ServiceNotFound') handle.post({ kind: 'gone', message: `The service ${service.name} no longer exists: it was deleted.` });
        else services.log.warn(`Usage of ${service.name}: could not read its endpoints again: ${String(error)}`);
      },
    );
  });
  const visibility = handle.panel.onDidChangeViewState(({ webviewPanel }) => handle.post({ kind: 'visible', visible: webviewPanel.visible }));
  handle.panel.onDidDispose(() => {
    listener.dispose();
    visibility.dispose();
  });
  services.panels.add(subject, handle.panel);
}
