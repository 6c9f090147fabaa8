import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { EndpointSchema } from '../../api/schemas';
import type { ServiceContext } from '../context';
import { ApiError } from '../errors';
import type { ScoringEndpoint } from '../gateway/endpointDirectory';
import { keyRefusal, queryKeyOf } from '../gateway/endpointKey';
import { endpointSchema } from '../gateway/endpointPools';
import { endpointSwagger } from '../gateway/endpointSwagger';
import type { Gateway } from '../gateway/gateway';
import { classicErrorBody, unknownEndpoint, type Refusal } from '../gateway/refusal';
import { ACCOUNT_ROUTE, AccountParams, resolveAccount, serviceOrigin } from './accountScope';
import { managementOpenApi } from './managementOpenApi';
import type { RouteCatalogue } from './routeCatalogue';
import { requires } from '../auth/accessRule';

const EndpointId = Type.String({ pattern: '^[0-9a-f-]{36}$' });
const ScoreParams = Type.Object({ endpointId: EndpointId });
const ClassicParams = Type.Object({ workspaceId: Type.String({ minLength: 1, maxLength: 64 }), endpointId: EndpointId });

function refuse(reply: FastifyReply, context: ServiceContext, refusal: Refusal) {
  if (refusal.headers) void reply.headers(refusal.headers);
  return reply.code(refusal.status).type('application/json; charset=utf-8').send(classicErrorBody(refusal, context.hidePaths));
}

/** The endpoint's inputs and sample; a service not running (503) still has its document, without them. */
export async function schemaOrNone(context: ServiceContext, found: ScoringEndpoint): Promise<EndpointSchema> {
  try {
    return await endpointSchema(context, found.account, found.endpoint);
  } catch (error) {
    if (error instanceof ApiError && error.statusCode === 503) return { runtimeType: 'unknown (the service runs no replica now)', inputs: null, sampleRequest: {} };
    throw error;
  }
}

/**
 * The OpenAPI documents: `GET {account}/swagger.json`, the management API (with the management token and
 * api-version, like every management call), made from the registered routes' own schemas; and each endpoint's own
 * beside its scoring URL and at its classic address (`GET /score/{endpoint}/swagger.json`,
 * `GET /workspaces/{ws}/services/{endpoint}/swagger.json`), with one of the endpoint's keys.
 */
export function swaggerRoutes(app: FastifyInstance, context: ServiceContext, catalogue: RouteCatalogue, gateway: Gateway): void {
  app.get<{ Params: AccountParams }>(
    `${ACCOUNT_ROUTE}/swagger.json`,
    { config: requires('Reader', "read the management API's description"), schema: { params: AccountParams, produces: ['application/json'] } },
    async (request) => {
      await resolveAccount(context, request.params);
      return managementOpenApi(catalogue.routes(), serviceOrigin(context, request));
    },
  );

  const endpointDocument = async (request: FastifyRequest, reply: FastifyReply, endpointId: string, workspaceId?: string) => {
    const found = gateway.endpoints.cached(endpointId) ?? (await gateway.endpoints.load(endpointId));
    if (!found) return refuse(reply, context, unknownEndpoint(endpointId));
    const refused = keyRefusal(request.headers, found, queryKeyOf(request.query));
    if (refused) return refuse(reply, context, refused);
    const workspace = found.workspaceId;
    if (workspaceId !== undefined && workspaceId !== workspace) return refuse(reply, context, { status: 404, code: 'EndpointNotFound', message: 'No such endpoint in this workspace.' });
    const schema = await schemaOrNone(context, found);
    return reply.send(endpointSwagger({ endpoint: found.endpoint, workspaceId: workspace, origin: serviceOrigin(context, request), schema }));
  };

  app.get<{ Params: { endpointId: string } }>('/score/:endpointId/swagger.json', { schema: { params: ScoreParams } }, (request, reply) =>
    endpointDocument(request, reply, request.params.endpointId),
  );
  app.get<{ Params: { workspaceId: string; endpointId: string } }>(
    '/workspaces/:workspaceId/services/:endpointId/swagger.json',
    { schema: { params: ClassicParams } },
    (request, reply) => endpointDocument(request, reply, request.params.endpointId, request.params.workspaceId),
  );
}
