import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { Endpoint, EndpointCreateRequest, ServiceResponse } from '../../api/schemas';
import { DEFAULT_MAX_CONCURRENT_CALLS } from '../../api/schemas';
import type { ServiceContext } from '../context';
import { ApiError, notFound } from '../errors';
import { AccountParams, IdParam, serviceOrigin, workspaceIdOf, type ResolvedAccount } from './accountScope';

export const ServiceParams = Type.Composite([AccountParams, Type.Object({ id: IdParam })]);
export type ServiceParams = AccountParams & { id: string };

export async function loadService(context: ServiceContext, account: ResolvedAccount, id: string): Promise<ServiceResponse> {
  const service = await context.store.services.get(account.key, id);
  if (!service) throw notFound('Service', id);
  return service;
}

/** Refuses a change while a create or update of the service is still running. */
export function assertIdle(service: ServiceResponse): void {
  if (service.state === 'NotStarted' || service.state === 'Running') {
    throw new ApiError(409, 'OperationInProgress', `Service '${service.name}' is being deployed (operation ${service.operationId}); wait for it to finish.`);
  }
}

/** The image a service or endpoint may run: it must exist in the account and be built. */
export async function loadBuiltImage(context: ServiceContext, account: ResolvedAccount, imageId: string, field: string) {
  const image = await context.store.images.get(account.key, imageId);
  if (!image) throw new ApiError(400, 'ImageNotFound', `${field}: image '${imageId}' does not exist in this account.`);
  if (image.creationState !== 'Succeeded') {
    throw new ApiError(400, 'ImageNotReady', `${field}: image ${image.name}:${image.version} is ${image.creationState}; only built images can be deployed.`);
  }
  return image;
}

/** A new endpoint of a service, with its own scoring and RRS addresses. */
export function newEndpoint(
  context: ServiceContext,
  request: FastifyRequest,
  account: ResolvedAccount,
  service: Pick<ServiceResponse, 'id' | 'name'>,
  fields: EndpointCreateRequest,
): Endpoint {
  const id = crypto.randomUUID();
  const now = new Date().toISOString();
  return {
    id,
    name: fields.name,
    description: fields.description,
    serviceId: service.id,
    serviceName: service.name,
    ...endpointAddresses(context, request, account, id),
    maxConcurrentCalls: fields.maxConcurrentCalls ?? DEFAULT_MAX_CONCURRENT_CALLS,
    loggingLevel: fields.loggingLevel ?? 'None',
    sampleDataEnabled: fields.sampleDataEnabled ?? false,
    imageId: fields.imageId,
    rateLimit: fields.rateLimit,
    quota: fields.quota,
    state: fields.state ?? 'Active',
    createdAt: now,
    updatedAt: now,
  };
}

/**
 * An endpoint's scoring and RRS addresses as the service is reached now. Made for every answer, not taken from the
 * store: a service's address changes (the Local service listens on a new port at each start, a team moves its service
 * behind another host name), and an address written down when the endpoint was created would then point nowhere.
 */
export function endpointAddresses(context: ServiceContext, request: FastifyRequest, account: ResolvedAccount, endpointId: string): Pick<Endpoint, 'scoringUri' | 'rrsUri'> {
  const origin = serviceOrigin(context, request);
  return {
    scoringUri: `${origin}/score/${endpointId}`,
    rrsUri: `${origin}/workspaces/${workspaceIdOf(account.key)}/services/${endpointId}/execute`,
  };
}

/** An endpoint as answered: its addresses as the service is reached now. */
export function presentEndpoint(context: ServiceContext, request: FastifyRequest, account: ResolvedAccount, endpoint: Endpoint): Endpoint {
  return { ...endpoint, state: endpoint.state ?? 'Active', ...endpointAddresses(context, request, account, endpoint.id) };
}

/** A service as answered: scoringUri once it is Succeeded (as reached now), and how many replicas answer right now. */
export async function presentService(context: ServiceContext, request: FastifyRequest, account: ResolvedAccount, service: ServiceResponse): Promise<ServiceResponse> {
  const presented: ServiceResponse = { ...service, readyReplicas: context.runtime.readyReplicas(service.id) };
  if (service.state === 'Succeeded') {
    const endpoint = await context.store.endpoints.get(account.key, service.id, 'default');
    if (endpoint) presented.scoringUri = endpointAddresses(context, request, account, endpoint.id).scoringUri;
  }
  return presented;
}
