import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ServiceContext } from '../context';
import { ApiError } from '../errors';
import type { EndpointDirectory, ScoringEndpoint } from './endpointDirectory';
import { endpointSchema } from './endpointPools';
import { keyRefusal } from './endpointKey';
import type { Gateway } from './gateway';
import { unknownEndpoint, type Refusal } from './refusal';

export type { Gateway } from './gateway';

const EndpointId = Type.String({ pattern: '^[0-9a-f-]{36}$' });

function scoringError({ status, code, message, headers }: Refusal): ApiError {
  return new ApiError(status, code, message, [{ code, message }], headers);
}

/** The endpoint a data-plane call addresses, after its key was checked: from memory, read once after a change. */
async function authorize(endpoints: EndpointDirectory, request: FastifyRequest, endpointId: string): Promise<ScoringEndpoint> {
  const found = endpoints.cached(endpointId) ?? (await endpoints.load(endpointId));
  if (!found) throw scoringError(unknownEndpoint(endpointId));
  const refused = keyRefusal(request.headers, found);
  if (refused) throw scoringError(refused);
  return found;
}

/**
 * The data plane's routes that are not hot, on fastify: `GET /score/{endpoint}/schema` (what the endpoint takes and
 * a sample request), with the endpoint's key. The hot calls (`POST /score/{endpoint}`, the RRS `execute` address)
 * never reach fastify: the service's server hands them to the DataPlane (dataPlane.ts).
 */
export function scoringRoutes(app: FastifyInstance, context: ServiceContext, gateway: Gateway): void {
  app.get<{ Params: { endpointId: string } }>(
    '/score/:endpointId/schema',
    { schema: { params: Type.Object({ endpointId: EndpointId }) } },
    async (request) => {
      const { endpoint, account } = await authorize(gateway.endpoints, request, request.params.endpointId);
      return endpointSchema(context, account, endpoint);
    },
  );
}
