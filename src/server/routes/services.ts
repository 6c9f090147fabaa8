import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  AsyncOperationStatus,
  AuthKeys,
  Paginated,
  RegenerateKeyRequest,
  ResourceName,
  ServiceCreateRequest,
  ServiceResponse,
  ServiceUpdateRequest,
  type Deployment,
} from '../../api/schemas';
import type { ServiceContext } from '../context';
import { ApiError, notFound } from '../errors';
import { newKey, newKeys } from '../services/endpointKeys';
import { mergeUpdate, settingsFromCreate } from '../services/serviceSettings';
import type { OperationRecord } from '../store/repositories';
import { ACCOUNT_ROUTE, AccountParams, IdParam, accountUrl, apiUrl, resolveAccount, type ResolvedAccount } from './accountScope';
import { listOptions, pageOf, PagingQuery } from './paging';
import { assertIdle, loadBuiltImage, loadService, newEndpoint, presentService, ServiceParams } from './serviceScope';
import { requires } from '../auth/accessRule';

const ServiceListQuery = Type.Object({
  ...PagingQuery,
  serviceName: Type.Optional(ResourceName),
  modelId: Type.Optional(IdParam),
  modelName: Type.Optional(ResourceName),
  manifestId: Type.Optional(IdParam),
  manifestName: Type.Optional(ResourceName),
  imageId: Type.Optional(IdParam),
  computeResourceId: Type.Optional(Type.String({ maxLength: 1024 })),
});
type ServiceListQuery = { count?: number; $skipToken?: string } & Record<'serviceName' | 'modelId' | 'modelName' | 'manifestId' | 'manifestName' | 'imageId' | 'computeResourceId', string | undefined>;

/** A deployment and the operation that carries it out, for a service about to be (re)deployed. */
function deploymentRows(context: ServiceContext, request: FastifyRequest, account: ResolvedAccount, service: ServiceResponse) {
  const now = new Date().toISOString();
  const operationId = crypto.randomUUID();
  const deployment: Deployment = {
    id: crypto.randomUUID(),
    createdAt: now,
    imageId: service.imageId,
    serviceId: service.id,
    serviceName: service.name,
    status: 'NotStarted',
    operationId,
  };
  const operation: OperationRecord = {
    account: account.key,
    work: { kind: 'deployService', serviceId: service.id, deploymentId: deployment.id, attempts: 0 },
    status: { id: operationId, operationType: 'Service', state: 'NotStarted', createdTime: now, resourceLocation: accountUrl(context, request, account.ref, `/services/${service.id}`) },
  };
  return { deployment, operation };
}

function accepted(context: ServiceContext, request: FastifyRequest, reply: FastifyReply, account: ResolvedAccount, operation: OperationRecord) {
  context.operations.submit(operation);
  return reply
    .status(202)
    .header('Operation-Location', apiUrl(context, request, account.ref, `/operations/${operation.status.id}`))
    .send(operation.status);
}

export function serviceRoutes(app: FastifyInstance, context: ServiceContext): void {
  const keysOfDefault = async (account: ResolvedAccount, service: ServiceResponse) => {
    const endpoint = await context.store.endpoints.get(account.key, service.id, 'default');
    if (!endpoint) throw new ApiError(404, 'EndpointNotFound', `Service '${service.name}' has no default endpoint; use its other endpoints' keys.`);
    return endpoint;
  };

  app.post<{ Params: AccountParams; Body: ServiceCreateRequest }>(
    `${ACCOUNT_ROUTE}/services`,
    { config: requires('Contributor', 'create a service'), schema: { params: AccountParams, body: ServiceCreateRequest, response: { 202: AsyncOperationStatus } } },
    async (request, reply) => {
      const account = await resolveAccount(context, request.params);
      const body = request.body;
      const settings = settingsFromCreate(body);
      const image = await loadBuiltImage(context, account, body.imageId, 'body/imageId');
      const now = new Date().toISOString();
      const service: ServiceResponse = {
        id: crypto.randomUUID(),
        name: body.name,
        createdAt: now,
        updatedAt: now,
        state: 'NotStarted',
        imageId: image.id,
        image,
        computeResource: body.computeResource,
        ...settings,
        maxConcurrentRequestsPerContainer: settings.maxConcurrentRequestsPerContainer,
        scoringTimeoutMs: settings.scoringTimeoutMs,
        appInsightsEnabled: settings.appInsightsEnabled,
      };
      const { deployment, operation } = deploymentRows(context, request, account, service);
      service.operationId = operation.status.id;
      const endpoint = newEndpoint(context, request, account, service, { name: 'default' });
      const created = await context.store.services.create(account.key, { service, endpoint, keys: newKeys(), deployment, operation });
      if (!created) throw new ApiError(409, 'ServiceExists', `A service named '${body.name}' already exists in this account.`);
      return accepted(context, request, reply, account, operation);
    },
  );

  app.get<{ Params: AccountParams; Querystring: ServiceListQuery }>(
    `${ACCOUNT_ROUTE}/services`,
    { config: requires('Reader', 'list services'), schema: { params: AccountParams, querystring: ServiceListQuery, response: { 200: Paginated(ServiceResponse) } } },
    async (request) => {
      const account = await resolveAccount(context, request.params);
      const { count: _c, $skipToken: _s, ...filter } = request.query;
      const page = await context.store.services.list(account.key, filter, listOptions(request.query));
      const items = await Promise.all(page.items.map((s) => presentService(context, request, account, s)));
      return pageOf(context, request, { ...page, items });
    },
  );

  app.get<{ Params: ServiceParams }>(
    `${ACCOUNT_ROUTE}/services/:id`,
    { config: requires('Reader', 'read a service'), schema: { params: ServiceParams, response: { 200: ServiceResponse } } },
    async (request) => {
      const account = await resolveAccount(context, request.params);
      return presentService(context, request, account, await loadService(context, account, request.params.id));
    },
  );

  app.put<{ Params: ServiceParams; Body: ServiceUpdateRequest }>(
    `${ACCOUNT_ROUTE}/services/:id`,
    { config: requires('Contributor', 'update a service'), schema: { params: ServiceParams, body: ServiceUpdateRequest, response: { 202: AsyncOperationStatus } } },
    async (request, reply) => {
      const account = await resolveAccount(context, request.params);
      const current = await loadService(context, account, request.params.id);
      assertIdle(current);
      const settings = mergeUpdate(current, request.body);
      const image = request.body.imageId ? await loadBuiltImage(context, account, request.body.imageId, 'body/imageId') : current.image;
      const service: ServiceResponse = {
        ...current,
        ...settings,
        maxConcurrentRequestsPerContainer: settings.maxConcurrentRequestsPerContainer,
        scoringTimeoutMs: settings.scoringTimeoutMs,
        appInsightsEnabled: settings.appInsightsEnabled,
        imageId: image?.id ?? current.imageId,
        image,
        state: 'NotStarted',
        updatedAt: new Date().toISOString(),
      };
      const { deployment, operation } = deploymentRows(context, request, account, service);
      service.operationId = operation.status.id;
      await context.store.services.beginUpdate(account.key, service, deployment, operation);
      return accepted(context, request, reply, account, operation);
    },
  );

  app.delete<{ Params: ServiceParams }>(
    `${ACCOUNT_ROUTE}/services/:id`,
    { config: requires('Contributor', 'delete a service'), schema: { params: ServiceParams, response: { 200: ServiceResponse, 204: Type.Null() } } },
    async (request, reply) => {
      const account = await resolveAccount(context, request.params);
      const service = await context.store.services.get(account.key, request.params.id);
      if (!service) return reply.status(204).send();
      await context.store.services.delete(account.key, service.id);
      await context.runtime.forget(service.id);
      return reply.status(200).send(service);
    },
  );

  app.get<{ Params: ServiceParams }>(
    `${ACCOUNT_ROUTE}/services/:id/keys`,
    { config: requires('Contributor', "read a service's keys"), schema: { params: ServiceParams, response: { 200: AuthKeys } } },
    async (request) => {
      const account = await resolveAccount(context, request.params);
      const endpoint = await keysOfDefault(account, await loadService(context, account, request.params.id));
      const keys = await context.store.endpoints.keys(endpoint.id);
      if (!keys) throw notFound('Endpoint', endpoint.id);
      return keys;
    },
  );

  // `regenerateKeys` is the later official name (the official CLI and SDK call it); `keys` is the seed's.
  for (const verb of REGENERATE_ROUTES) {
    app.post<{ Params: ServiceParams; Body: RegenerateKeyRequest }>(
      `${ACCOUNT_ROUTE}/services/:id/${verb}`,
      { config: requires('Contributor', "regenerate a service's keys"), schema: { params: ServiceParams, body: RegenerateKeyRequest, response: { 200: AuthKeys } } },
      async (request) => {
        const account = await resolveAccount(context, request.params);
        const endpoint = await keysOfDefault(account, await loadService(context, account, request.params.id));
        return regenerate(context, endpoint.id, request.body.keyType);
      },
    );
  }
}

/** The two addresses of "regenerate a key": the seed's `POST .../keys` and the official `POST .../regenerateKeys`. */
export const REGENERATE_ROUTES = ['keys', 'regenerateKeys'] as const;

/** Replaces one key; the old one stops working as soon as this returns (keys are read on every call). */
export async function regenerate(context: ServiceContext, endpointId: string, keyType: 'Primary' | 'Secondary') {
  const keys = await context.store.endpoints.keys(endpointId);
  if (!keys) throw notFound('Endpoint', endpointId);
  const next = keyType === 'Primary' ? { ...keys, primaryKey: newKey() } : { ...keys, secondaryKey: newKey() };
  await context.store.endpoints.setKeys(endpointId, next);
  return next;
}
