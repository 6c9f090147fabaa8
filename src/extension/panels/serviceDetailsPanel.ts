import * as vscode from 'vscode';
import { maskKey } from '../../api/keyMask';
import type { ServiceResponse } from '../../api/schemas';
import { serviceDetailsParamsCheck, type ServiceDetails, type ServiceDetailsMethods } from '../../../webviews/protocol/serviceDetailsProtocol';
import type { AccountHandle } from '../accounts/accountConnections';
import { describeScale } from '../core/describeScale';
import type { ExtensionServices } from '../extensionServices';
import type { ResourceRef } from '../tree/nodeRef';
import { openPanel, type PanelHandle } from './panelHost';

const when = (iso: string) => new Date(iso).toLocaleString();

/** Everything the panel shows, read fresh from the service; keys only masked (copying happens here, not there). */
async function readDetails(services: ExtensionServices, account: AccountHandle, serviceId: string): Promise<ServiceDetails> {
  const { account: client } = await services.connections.connect(account.id);
  const [service, endpoints, deployments, images] = await Promise.all([
    client.services.get(serviceId),
    client.services.endpoints(serviceId),
    client.services.deployments(serviceId),
    client.listImages({ count: 200 }),
  ]);
  const keys = await Promise.all(endpoints.map((e) => client.services.endpointKeys(serviceId, e.name)));
  const imageLabel = new Map(images.value.map((i) => [i.id, `${i.name}:${i.version}`]));
  const scale = describeScale(service);
  return {
    accountId: account.id,
    serviceId,
    name: service.name,
    state: service.state,
    error: service.error ? `${service.error.message} (${service.error.code})` : undefined,
    scoringUri: service.scoringUri,
    replicas: `${service.readyReplicas ?? 0} ready (${scale}), ${service.maxConcurrentRequestsPerContainer} calls each`,
    image: service.image ? `${service.image.name}:${service.image.version}` : service.imageId,
    endpoints: endpoints.map((e, i) => ({
      name: e.name,
      description: e.description,
      scoringUri: e.scoringUri,
      maxConcurrentCalls: e.maxConcurrentCalls,
      loggingLevel: e.loggingLevel,
      sampleDataEnabled: e.sampleDataEnabled,
      imageId: e.imageId ? (imageLabel.get(e.imageId) ?? e.imageId) : undefined,
      primaryKeyMasked: maskKey(keys[i]!.primaryKey),
      secondaryKeyMasked: maskKey(keys[i]!.secondaryKey),
    })),
    deployments: deployments.map((d) => ({ createdAt: when(d.createdAt), expiredAt: d.expiredAt ? when(d.expiredAt) : undefined, status: d.status, image: imageLabel.get(d.imageId) ?? d.imageId })),
    images: images.value.filter((i) => i.creationState === 'Succeeded').map((i) => ({ id: i.id, label: `${i.name}:${i.version}` })),
  };
}

/** Service details: state, scoring URL, endpoints with their keys (masked, copy, regenerate), history, add endpoint. */
export function openServiceDetailsPanel(services: ExtensionServices, account: AccountHandle, service: ServiceResponse): PanelHandle<never> {
  const details = () => readDetails(services, account, service.id);
  const endpointOf = async (name: string) => (await services.connections.connect(account.id)).account.services.endpoint(service.id, name);
  return openPanel<ServiceDetailsMethods, ServiceDetails, never>(services.context, services.log, {
    viewType: 'modelbay.serviceDetails',
    title: `Service ${service.name}`,
    script: 'serviceDetails',
    check: serviceDetailsParamsCheck,
    init: details,
    handlers: {
      refresh: () => details(),
      async copyKey({ endpoint, keyType }) {
        const { account: client } = await services.connections.connect(account.id);
        const keys = await client.services.endpointKeys(service.id, endpoint);
        await vscode.env.clipboard.writeText(keyType === 'Primary' ? keys.primaryKey : keys.secondaryKey);
        void vscode.window.showInformationMessage(`Modelbay: ${keyType.toLowerCase()} key of ${endpoint} copied.`);
        return null;
      },
      async regenerateKey({ endpoint, keyType }) {
        const choice = await vscode.window.showWarningMessage(
          `Regenerate the ${keyType.toLowerCase()} key of ${service.name}/${endpoint}? Callers using the old key are refused at once.`,
          { modal: true },
          'Regenerate',
        );
        if (choice !== 'Regenerate') return null;
        const { account: client } = await services.connections.connect(account.id);
        await client.services.regenerateEndpointKey(service.id, endpoint, keyType);
        services.log.info(`Regenerated the ${keyType} key of ${service.name}/${endpoint}`);
        return details();
      },
      async copyText({ text }) {
        await vscode.env.clipboard.writeText(text);
        return null;
      },
      async addEndpoint(params) {
        const { account: client } = await services.connections.connect(account.id);
        await client.services.createEndpoint(service.id, params);
        services.tree.reload(services.tree.accountNode(account.id));
        return details();
      },
      async testEndpoint({ endpoint }) {
        const ref: ResourceRef<'endpoint'> = { kind: 'endpoint', account, resource: await endpointOf(endpoint) };
        await vscode.commands.executeCommand('modelbay.testService', ref);
        return null;
      },
    },
  });
}
