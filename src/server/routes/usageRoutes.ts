import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { EndpointName } from '../../api/schemas';
import { UsageInterval, UsageReport, type UsageQuery } from '../../api/schemas/usage';
import { DEFAULTS } from '../config';
import type { ServiceContext } from '../context';
import { notFound } from '../errors';
import type { CallRecorder } from '../usage/callRecorder';
import { usageRange, usageReport } from '../usage/usageReport';
import { ACCOUNT_ROUTE, resolveAccount } from './accountScope';
import { loadService, ServiceParams } from './serviceScope';
import { requires } from '../auth/accessRule';

const EndpointParams = Type.Composite([ServiceParams, Type.Object({ name: EndpointName })]);
type EndpointParams = ServiceParams & { name: string };

/** `from` and `to` are checked by usageRange, which names the field in its 400 (the schema only says they are text). */
const UsageQueryString = Type.Object({
  from: Type.Optional(Type.String({ description: 'ISO 8601 date-time, inclusive; default: 24 hours before `to`.' })),
  to: Type.Optional(Type.String({ description: 'ISO 8601 date-time, exclusive; default: now.' })),
  interval: Type.Optional(UsageInterval),
  'api-version': Type.String(),
});

/**
 * Usage analytics (issue 12): `GET {service}/usage` sums the service's endpoints, `GET {service}/endpoints/{name}/usage`
 * one endpoint; per interval of `from`..`to`. What the gateway counted and has not written yet is written first, so a
 * report holds every call answered before it was asked for.
 */
export function usageRoutes(app: FastifyInstance, context: ServiceContext, calls: CallRecorder): void {
  const retentionDays = context.config.usageRetentionDays ?? DEFAULTS.usageRetentionDays;

  app.get<{ Params: ServiceParams; Querystring: UsageQuery }>(
    `${ACCOUNT_ROUTE}/services/:id/usage`,
    { config: requires('Reader', "read a service's usage"), schema: { params: ServiceParams, querystring: UsageQueryString, response: { 200: UsageReport } } },
    async (request) => {
      const range = usageRange(request.query, Date.now());
      const account = await resolveAccount(context, request.params);
      const service = await loadService(context, account, request.params.id);
      await calls.flush();
      const rows = await context.store.usage.list({ serviceId: service.id }, range.from, range.to);
      return usageReport(rows, range, { serviceId: service.id }, retentionDays);
    },
  );

  app.get<{ Params: EndpointParams; Querystring: UsageQuery }>(
    `${ACCOUNT_ROUTE}/services/:id/endpoints/:name/usage`,
    { config: requires('Reader', "read an endpoint's usage"), schema: { params: EndpointParams, querystring: UsageQueryString, response: { 200: UsageReport } } },
    async (request) => {
      const range = usageRange(request.query, Date.now());
      const account = await resolveAccount(context, request.params);
      const service = await loadService(context, account, request.params.id);
      const endpoint = await context.store.endpoints.get(account.key, service.id, request.params.name);
      if (!endpoint) throw notFound('Endpoint', request.params.name);
      await calls.flush();
      const rows = await context.store.usage.list({ serviceId: service.id, endpointId: endpoint.id }, range.from, range.to);
      return usageReport(rows, range, { serviceId: service.id, endpointName: endpoint.name }, retentionDays);
    },
  );
}
