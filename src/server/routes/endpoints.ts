import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import {
  AuthKeys,
  Endpoint,
  EndpointCreateRequest,
  EndpointName,
  EndpointSchema,
  EndpointUpdateRequest,
  RegenerateKeyRequest,
} from '../../api/schemas';
import type { ServiceContext } from '../context';
import { ApiError, notFound } from '../errors';
import { endpointSchema, NoReplicaError } from '../gateway/endpointPools';
import { newKeys } from '../services/endpointKeys';
import { checkQuota } from './endpointPolicies';
import { ACCOUNT_ROUTE, resolveAccount, type ResolvedAccount } from './accountScope';
import { loadBuiltImage, loadService, newEndpoint, presentEndpoint, ServiceParams } from './serviceScope';
import { regenerate, REGENERATE_ROUTES } from './services';
import { requires } from '../auth/accessRule';

const EndpointParams = Type.Composite([ServiceParams, Type.Object({ name: EndpointName })]);
type EndpointParams = ServiceParams & { name: string };

export function endpointRoutes(app: FastifyInstance, context: ServiceContext): void {
  const base = `${ACCOUNT_ROUTE}/services/:id/endpoints`;

  const loadEndpoint = async (account: ResolvedAccount, serviceId: string, name: string) => {
    const endpoint = await context.store.endpoints.get(account.key, serviceId, name);
    if (!endpoint) throw notFound('Endpoint', name);
    return endpoint;
  };

  /** A pinned image must be built, and its replicas must start, before the endpoint exists or changes. */
  const startPinned = async (account: ResolvedAccount, serviceId: string, imageId: string) => {
    const service = await loadService(context, account, serviceId);
    const image = await loadBuiltImage(context, account, imageId, 'body/imageId');
    try {
      await context.runtime.pin(account.key, service, image);
    } catch (error) {
      throw new ApiError(400, 'DeploymentFailed', `body/imageId: the pinned image's replicas did not start: ${(error as Error).message}`);
    }
  };

  app.post<{ Params: ServiceParams; Body: EndpointCreateRequest }>(
    base,
    { config: requires('Contributor', 'add an endpoint'), schema: { params: ServiceParams, body: EndpointCreateRequest, response: { 201: Endpoint } } },
    async (request, reply) => {
      const account = await resolveAccount(context, request.params);
      const service = await loadService(context, account, request.params.id);
      checkQuota(request.body.quota);
      if (request.body.imageId) await startPinned(account, service.id, request.body.imageId);
      const endpoint = newEndpoint(context, request, account, service, request.body);
      if (!(await context.store.endpoints.create(account.key, endpoint, newKeys()))) {
        throw new ApiError(409, 'EndpointExists', `Service '${service.name}' already has an endpoint named '${request.body.name}'.`);
      }
      return reply.status(201).send(endpoint);
    },
  );

  app.get<{ Params: ServiceParams }>(
    base,
    { config: requires('Reader', 'list endpoints'), schema: { params: ServiceParams, response: { 200: Type.Object({ value: Type.Array(Endpoint) }) } } },
    async (request) => {
      const account = await resolveAccount(context, request.params);
      const service = await loadService(context, account, request.params.id);
      const endpoints = await context.store.endpoints.list(account.key, service.id);
      return { value: endpoints.map((endpoint) => presentEndpoint(context, request, account, endpoint)) };
    },
  );

  app.get<{ Params: EndpointParams }>(
    `${base}/:name`,
    { config: requires('Reader', 'read an endpoint'), schema: { params: EndpointParams, response: { 200: Endpoint } } },
    async (request) => {
      const account = await resolveAccount(context, request.params);
      return presentEndpoint(context, request, account, await loadEndpoint(account, request.params.id, request.params.name));
    },
  );

  app.patch<{ Params: EndpointParams; Body: EndpointUpdateRequest }>(
    `${base}/:name`,
    { config: requires('Contributor', "change an endpoint's settings and policies"), schema: { params: EndpointParams, body: EndpointUpdateRequest, response: { 200: Endpoint } } },
    async (request) => {
      const account = await resolveAccount(context, request.params);
      const current = await loadEndpoint(account, request.params.id, request.params.name);
      const { imageId, rateLimit, quota, ...rest } = request.body;
      checkQuota(quota);
      if (typeof imageId === 'string') await startPinned(account, current.serviceId, imageId);
      const defined = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
      const updated: Endpoint = { ...current, ...defined, updatedAt: new Date().toISOString() };
      if (imageId === null) delete updated.imageId;
      else if (imageId !== undefined) updated.imageId = imageId;
      if (rateLimit === null) delete updated.rateLimit;
      else if (rateLimit !== undefined) updated.rateLimit = rateLimit;
      if (quota === null) delete updated.quota;
      else if (quota !== undefined) updated.quota = quota;
      await context.store.endpoints.update(account.key, updated);
      return presentEndpoint(context, request, account, updated);
    },
  );

  app.delete<{ Params: EndpointParams }>(
    `${base}/:name`,
    { config: requires('Contributor', 'delete an endpoint'), schema: { params: EndpointParams } },
    async (request, reply) => {
      const account = await resolveAccount(context, request.params);
      const endpoints = await context.store.endpoints.list(account.key, request.params.id);
      if (!endpoints.some((e) => e.name === request.params.name)) return reply.status(204).send();
      if (request.params.name === 'default' && endpoints.length > 1) {
        throw new ApiError(409, 'DefaultEndpointInUse', `The default endpoint cannot be deleted while the service has other endpoints (${endpoints.filter((e) => e.name !== 'default').map((e) => e.name).join(', ')}).`);
      }
      await context.store.endpoints.delete(account.key, request.params.id, request.params.name);
      return reply.status(200).send();
    },
  );

  app.get<{ Params: EndpointParams }>(
    `${base}/:name/keys`,
    { config: requires('Contributor', 'read endpoint keys'), schema: { params: EndpointParams, response: { 200: AuthKeys } } },
    async (request) => {
      const account = await resolveAccount(context, request.params);
      const endpoint = await loadEndpoint(account, request.params.id, request.params.name);
      return (await context.store.endpoints.keys(endpoint.id))!;
    },
  );

  for (const verb of REGENERATE_ROUTES) {
    app.post<{ Params: EndpointParams; Body: RegenerateKeyRequest }>(
      `${base}/:name/${verb}`,
      { config: requires('Contributor', 'regenerate endpoint keys'), schema: { params: EndpointParams, body: RegenerateKeyRequest, response: { 200: AuthKeys } } },
      async (request) => {
        const account = await resolveAccount(context, request.params);
        const endpoint = await loadEndpoint(account, request.params.id, request.params.name);
        return regenerate(context, endpoint.id, request.body.keyType);
      },
    );
  }

  app.get<{ Params: EndpointParams }>(
    `${base}/:name/schema`,
    { config: requires('Reader', "read an endpoint's schema"), schema: { params: EndpointParams, response: { 200: EndpointSchema } } },
    async (request) => {
      const account = await resolveAccount(context, request.params);
      const endpoint = await loadEndpoint(account, request.params.id, request.params.name);
      try {
        return await endpointSchema(context, account.key, endpoint);
      } catch (error) {
        // The schema is read from a running replica: a service that runs none is in a state that does not allow it, a
        // conflict for the management API rather than the Modelbay service being unavailable (which a store or blob
        // storage outage still answers with its own 503). Found by fuzzing after a PUT scaled the service to 0.
        if (error instanceof NoReplicaError) throw new ApiError(409, 'ServiceNotRunning', error.message);
        throw error;
      }
    },
  );
}
