import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { EndpointName } from '../../api/schemas';
import { RequestLogPage } from '../../api/schemas/requestLog';
import type { ServiceContext } from '../context';
import { notFound } from '../errors';
import type { CallRecorder } from '../usage/callRecorder';
import { ACCOUNT_ROUTE, resolveAccount } from './accountScope';
import { DEFAULT_PAGE_SIZE, decodeSkipToken, MAX_PAGE_SIZE, pageOf } from './paging';
import { loadService, ServiceParams } from './serviceScope';
import { requires } from '../auth/accessRule';

const EndpointParams = Type.Composite([ServiceParams, Type.Object({ name: EndpointName })]);
type EndpointParams = ServiceParams & { name: string };

const PageSize = Type.Integer({ minimum: 1, maximum: MAX_PAGE_SIZE });
const LogsQuery = Type.Object({
  $top: Type.Optional(PageSize),
  /** As the service's other lists name it. */
  count: Type.Optional(PageSize),
  $skipToken: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  status: Type.Optional(Type.Literal('error', { description: 'Only calls answered 400 or above.' })),
  'api-version': Type.String(),
});
interface LogsQuery {
  $top?: number;
  count?: number;
  $skipToken?: string;
  status?: 'error';
}

/**
 * An endpoint's request log (issue 12): `GET {service}/endpoints/{name}/logs`, newest first, paged like every list
 * (`$top` or `count`, `$skipToken`, `nextLink`); `status=error` keeps the failed and refused calls. Records the
 * gateway has not written yet are written first.
 */
export function requestLogRoutes(app: FastifyInstance, context: ServiceContext, calls: CallRecorder): void {
  app.get<{ Params: EndpointParams; Querystring: LogsQuery }>(
    `${ACCOUNT_ROUTE}/services/:id/endpoints/:name/logs`,
    { config: requires('Reader', "read an endpoint's request logs"), schema: { params: EndpointParams, querystring: LogsQuery, response: { 200: RequestLogPage } } },
    async (request) => {
      const { query } = request;
      const after = query.$skipToken === undefined ? undefined : decodeSkipToken(query.$skipToken);
      const account = await resolveAccount(context, request.params);
      const service = await loadService(context, account, request.params.id);
      const endpoint = await context.store.endpoints.get(account.key, service.id, request.params.name);
      if (!endpoint) throw notFound('Endpoint', request.params.name);
      await calls.flush();
      const page = await context.store.requestLogs.list(endpoint.id, { errorsOnly: query.status === 'error' }, { count: query.$top ?? query.count ?? DEFAULT_PAGE_SIZE, after });
      return pageOf(context, request, page);
    },
  );
}
