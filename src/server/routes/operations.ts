import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { AsyncOperationStatus } from '../../api/schemas';
import type { ServiceContext } from '../context';
import { notFound } from '../errors';
import { ACCOUNT_ROUTE, AccountParams, IdParam, resolveAccount } from './accountScope';
import { requires } from '../auth/accessRule';

export function operationRoutes(app: FastifyInstance, context: ServiceContext): void {
  app.get<{ Params: AccountParams & { id: string } }>(
    `${ACCOUNT_ROUTE}/operations/:id`,
    { config: requires('Reader', 'read an operation'), schema: { params: Type.Composite([AccountParams, Type.Object({ id: IdParam })]), response: { 200: AsyncOperationStatus } } },
    async (request) => {
      const account = await resolveAccount(context, request.params);
      const record = await context.store.operations.get(account.key, request.params.id);
      if (!record) throw notFound('Operation', request.params.id);
      // Clients take the last '/' segment of resourceLocation as the resource's id: operations recorded before it
      // was kept free of a query string (`?api-version=...`) are answered without one too.
      const { resourceLocation } = record.status;
      return resourceLocation === undefined ? record.status : { ...record.status, resourceLocation: resourceLocation.split('?')[0] };
    },
  );
}
