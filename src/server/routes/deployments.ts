import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { Deployment } from '../../api/schemas';
import type { ServiceContext } from '../context';
import { notFound } from '../errors';
import { ACCOUNT_ROUTE, AccountParams, IdParam, resolveAccount } from './accountScope';
import { requires } from '../auth/accessRule';

export function deploymentRoutes(app: FastifyInstance, context: ServiceContext): void {
  app.get<{ Params: AccountParams; Querystring: { serviceId?: string } }>(
    `${ACCOUNT_ROUTE}/deployments`,
    {
      config: requires('Reader', 'list deployments'),
      schema: {
        params: AccountParams,
        querystring: Type.Object({ serviceId: Type.Optional(IdParam), 'api-version': Type.String() }),
        response: { 200: Type.Array(Deployment) },
      },
    },
    async (request) => {
      const account = await resolveAccount(context, request.params);
      return context.store.deployments.list(account.key, request.query.serviceId);
    },
  );

  app.get<{ Params: AccountParams & { id: string } }>(
    `${ACCOUNT_ROUTE}/deployments/:id`,
    { config: requires('Reader', 'read a deployment'), schema: { params: Type.Composite([AccountParams, Type.Object({ id: IdParam })]), response: { 200: Deployment } } },
    async (request) => {
      const account = await resolveAccount(context, request.params);
      const deployment = await context.store.deployments.get(account.key, request.params.id);
      if (!deployment) throw notFound('Deployment', request.params.id);
      return deployment;
    },
  );
}
