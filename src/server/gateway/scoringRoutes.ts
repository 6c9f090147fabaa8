import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { ServiceContext } from '../context';
import { endpointSchema } from './endpointPools';
import type { Gateway } from './gateway';
import { keyedEndpoint, refuseClassic, refusalOfApiError } from './keyedEndpoint';

export type { Gateway } from './gateway';

const EndpointId = Type.String({ pattern: '^[0-9a-f-]{36}$' });

/**
 * The data plane's routes that are not hot, on fastify: `GET /score/{endpoint}/schema` (what the endpoint takes and
 * a sample request), with the endpoint's key, errors in the data plane's classic shape. The hot calls
 * (`POST /score/{endpoint}`, the RRS `execute` address) never reach fastify: the service's server hands them to the
 * DataPlane (dataPlane.ts).
 */
export function scoringRoutes(app: FastifyInstance, context: ServiceContext, gateway: Gateway): void {
  app.get<{ Params: { endpointId: string } }>(
    '/score/:endpointId/schema',
    { schema: { params: Type.Object({ endpointId: EndpointId }) } },
    async (request, reply) => {
      const found = await keyedEndpoint(gateway.endpoints, context, request, reply, request.params);
      if (!found) return reply;
      try {
        return await endpointSchema(context, found.account, found.endpoint);
      } catch (error) {
        return refuseClassic(reply, context, refusalOfApiError(error));
      }
    },
  );
}
