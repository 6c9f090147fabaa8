import type { AcceptedOperation } from '../../api/client/accountClient';
import type { Image, Manifest, ServiceCreateRequest, ServiceResponse, ServiceUpdateRequest } from '../../api/schemas';
import type { AccountHandle } from '../accounts/accountConnections';
import type { ExtensionServices } from '../extensionServices';
import type { FinishedOperation, TrackedOperation } from './operationTracker';

/**
 * An operation the service accepted (so a refused request, 400 or 409, has already thrown to the caller), now
 * followed in the status bar. `done` resolves when it ends and never rejects: a failure is announced by
 * announceFinishedOperations and is also the FinishedOperation's state.
 */
export interface StartedOperation {
  operation: TrackedOperation;
  done: Promise<FinishedOperation>;
}

function follow(services: ExtensionServices, account: AccountHandle, accepted: AcceptedOperation, what: Omit<TrackedOperation, 'id' | 'accountId' | 'location' | 'startedAt'>): StartedOperation {
  const operation: TrackedOperation = { id: accepted.operation.id, accountId: account.id, location: accepted.operationLocation, startedAt: Date.now(), ...what };
  const done = services.operations.track(operation);
  services.tree.reload(services.tree.accountNode(account.id));
  return { operation, done };
}

/** Starts an image build; resolves once the service accepted it. */
export async function startImageBuild(services: ExtensionServices, account: AccountHandle, manifest: Manifest, name: string, quiet = false): Promise<StartedOperation> {
  const connection = await services.connections.connect(account.id);
  const accepted = await connection.account.createImage({ name, manifestId: manifest.id, imageType: 'Docker', computeResourceId: 'local' });
  return follow(services, account, accepted, { label: `Building image ${name}`, kind: 'Image', resourceName: name, quiet });
}

/** Creates a service; resolves once the service accepted it (a taken name is refused here, with 409). */
export async function startServiceCreate(services: ExtensionServices, account: AccountHandle, image: Image, request: Omit<ServiceCreateRequest, 'imageId'>): Promise<StartedOperation> {
  const connection = await services.connections.connect(account.id);
  const accepted = await connection.account.services.create({ ...request, imageId: image.id });
  return follow(services, account, accepted, { label: `Deploying ${request.name}`, kind: 'Service', resourceName: request.name });
}

/** Updates a service (scale, autoscaler, image); resolves once the service accepted the update. */
export async function startServiceUpdate(services: ExtensionServices, account: AccountHandle, service: ServiceResponse, request: ServiceUpdateRequest): Promise<StartedOperation> {
  const connection = await services.connections.connect(account.id);
  const accepted = await connection.account.services.update(service.id, request);
  return follow(services, account, accepted, { label: `Updating ${service.name}`, kind: 'Service', resourceName: service.name });
}
