import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ServiceContext } from '../context';
import { endpointSwagger } from '../gateway/endpointSwagger';
import type { Gateway } from '../gateway/gateway';
import { serviceOrigin } from '../routes/accountScope';
import { schemaOrNone } from '../routes/swaggerRoutes';
import { helpPage, notFoundPage } from './helpPage';
import { PORTAL_HEADERS } from './html';
import { PORTAL_FILES, PortalAssets, type PortalFile } from './portalAssets';

const ENDPOINT_ID = /^[0-9a-f-]{36}$/;
const HelpParams = Type.Object({ endpointId: Type.String({ maxLength: 100 }) });
const ClassicHelpParams = Type.Object({ workspaceId: Type.String({ maxLength: 100 }), endpointId: Type.String({ maxLength: 100 }) });

const html = (reply: FastifyReply, status: number, page: string) => reply.code(status).headers(PORTAL_HEADERS).type('text/html; charset=utf-8').send(page);

/**
 * The developer portal, for the endpoint's customers who have no VS Code: `GET {scoringUri}/help` and the classic
 * `GET /workspaces/{ws}/services/{endpoint}/help`, read without a key (the calls it tries need one), and its script
 * and stylesheet (`/portal/help.js`, `/portal/help.css`): no inline script or style, under a strict CSP.
 */
export function portalRoutes(app: FastifyInstance, context: ServiceContext, gateway: Gateway): void {
  const assets = new PortalAssets();

  const helpFor = async (reply: FastifyReply, origin: string, endpointId: string, workspaceId?: string) => {
    const found = ENDPOINT_ID.test(endpointId) ? (gateway.endpoints.cached(endpointId) ?? (await gateway.endpoints.load(endpointId))) : undefined;
    if (!found || (workspaceId !== undefined && workspaceId !== found.workspaceId)) return html(reply, 404, notFoundPage());
    const schema = await schemaOrNone(context, found);
    const document = endpointSwagger({ endpoint: found.endpoint, workspaceId: found.workspaceId, origin, schema });
    return html(reply, 200, helpPage({ endpoint: found.endpoint, schema, document, origin }));
  };

  app.get<{ Params: { endpointId: string } }>('/score/:endpointId/help', { schema: { params: HelpParams } }, (request, reply) =>
    helpFor(reply, serviceOrigin(context, request), request.params.endpointId),
  );
  app.get<{ Params: { workspaceId: string; endpointId: string } }>(
    '/workspaces/:workspaceId/services/:endpointId/help',
    { schema: { params: ClassicHelpParams } },
    (request, reply) => helpFor(reply, serviceOrigin(context, request), request.params.endpointId, request.params.workspaceId),
  );
  for (const name of Object.keys(PORTAL_FILES) as PortalFile[]) {
    app.get(`/portal/${name}`, async (_request, reply) => reply.headers(PORTAL_HEADERS).type(PORTAL_FILES[name]).send(await assets.read(name)));
  }
}
