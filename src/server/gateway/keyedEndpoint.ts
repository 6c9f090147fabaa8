import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ServiceContext } from '../context';
import { ApiError } from '../errors';
import type { EndpointDirectory, ScoringEndpoint } from './endpointDirectory';
import { keyRefusal, queryKeyOf } from './endpointKey';
import { classicErrorBody, unknownEndpoint, type Refusal } from './refusal';

/** Sends a data-plane refusal from a fastify route, in the classic `{"error": ...}` shape the data plane answers. */
export function refuseClassic(reply: FastifyReply, context: ServiceContext, refusal: Refusal): FastifyReply {
  if (refusal.headers) void reply.headers(refusal.headers);
  return reply.code(refusal.status).type('application/json; charset=utf-8').send(classicErrorBody(refusal, context.hidePaths));
}

/** An error a data-plane read meant to answer (an ApiError) as a refusal; anything else is a fault, thrown on. */
export function refusalOfApiError(error: unknown): Refusal {
  if (error instanceof ApiError) return { status: error.statusCode, code: error.code, message: error.message, headers: error.headers };
  throw error;
}

/**
 * The endpoint a keyed data-plane read (its schema, its OpenAPI document) names, after its key and, at the classic
 * address, its workspace were checked; undefined once the refusal has been sent.
 */
export async function keyedEndpoint(
  endpoints: EndpointDirectory,
  context: ServiceContext,
  request: FastifyRequest,
  reply: FastifyReply,
  address: { endpointId: string; workspaceId?: string },
): Promise<ScoringEndpoint | undefined> {
  const found = endpoints.cached(address.endpointId) ?? (await endpoints.load(address.endpointId));
  if (!found) {
    refuseClassic(reply, context, unknownEndpoint(address.endpointId));
    return undefined;
  }
  const refused = keyRefusal(request.headers, found, queryKeyOf(request.query));
  if (refused) {
    refuseClassic(reply, context, refused);
    return undefined;
  }
  if (address.workspaceId !== undefined && address.workspaceId !== found.workspaceId) {
    refuseClassic(reply, context, { status: 404, code: 'EndpointNotFound', message: 'No such endpoint in this workspace.' });
    return undefined;
  }
  return found;
}
