import type { Image, Manifest, ServiceCreateRequest, ServiceResponse, ServiceUpdateRequest } from '../../api/schemas';
import type { AccountHandle } from '../accounts/accountConnections';
import type { ExtensionServices } from '../extensionServices';
import type { FinishedOperation } from './operationTracker';

/** Starts an image build and follows it in the status bar; resolves when it ends. */
export async function startImageBuild(services: ExtensionServices, account: AccountHandle, manifest: Manifest, name: string, quiet = false): Promise<FinishedOperation> {
  const connection = await services.connections.connect(account.id);
  const { operation, operationLocation } = await connection.account.createImage({ name, manifestId: manifest.id, imageType: 'Docker', computeResourceId: 'local' });
  const done = services.operations.track({
    id: operation.id, accountId: account.id, location: operationLocation, label: `Building image ${name}`, kind: 'Image', resourceName: name, startedAt: Date.now(), quiet,
  });
  services.tree.reload(services.tree.accountNode(account.id));
  return done;
}

/** Creates a service and follows its deployment; resolves when it ends. */
export async function startServiceCreate(services: ExtensionServices, account: AccountHandle, image: Image, request: Omit<ServiceCreateRequest, 'imageId'>): Promise<FinishedOperation> {
  const connection = await services.connections.connect(account.id);
  const { operation, operationLocation } = await connection.account.services.create({ ...request, imageId: image.id });
  const done = services.operations.track({
    id: operation.id, accountId: account.id, location: operationLocation, label: `Deploying ${request.name}`, kind: 'Service', resourceName: request.name, startedAt: Date.now(),
  });
  services.tree.reload(services.tree.accountNode(account.id));
  return done;
}

/** Updates a service (scale, autoscaler, image) and follows the new deployment. */
export async function startServiceUpdate(services: ExtensionServices, account: AccountHandle, service: ServiceResponse, request: ServiceUpdateRequest): Promise<FinishedOperation> {
  const connection = await services.connections.connect(account.id);
  const { operation, operationLocation } = await connection.account.services.update(service.id, request);
  const done = services.operations.track({
    id: operation.id, accountId: account.id, location: operationLocation, label: `Updating ${service.name}`, kind: 'Service', resourceName: service.name, startedAt: Date.now(),
  });
  services.tree.reload(services.tree.accountNode(account.id));
  return done;
}
