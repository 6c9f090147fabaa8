import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { Account, AccountPutRequest, AccountSegment, Paginated } from '../../api/schemas';
import type { ServiceContext } from '../context';
import { notFound } from '../errors';
import { AccountParams } from './accountScope';
import { listOptions, pageOf, PagingQuery } from './paging';

const GroupParams = Type.Object({ subscriptionId: AccountSegment, resourceGroupName: AccountSegment });

export function accountRoutes(app: FastifyInstance, context: ServiceContext): void {
  const collection = '/api/subscriptions/:subscriptionId/resourceGroups/:resourceGroupName/accounts';

  app.get<{ Params: { subscriptionId: string; resourceGroupName: string }; Querystring: { count?: number; $skipToken?: string } }>(
    collection,
    {
      schema: {
        params: GroupParams,
        querystring: Type.Object(PagingQuery),
        response: { 200: Paginated(Account) },
      },
    },
    async (request) => {
      const { subscriptionId, resourceGroupName } = request.params;
      const result = await context.store.accounts.list(subscriptionId, resourceGroupName, listOptions(request.query));
      return pageOf(context, request, result);
    },
  );

  app.put<{ Params: AccountParams; Body: AccountPutRequest | undefined }>(
    `${collection}/:accountName`,
    { schema: { params: AccountParams, body: Type.Optional(AccountPutRequest), response: { 200: Account, 201: Account } } },
    async (request, reply) => {
      const { subscriptionId, resourceGroupName, accountName } = request.params;
      const { account, created } = await context.store.accounts.put(
        { subscriptionId, resourceGroupName, accountName },
        request.body ?? {},
      );
      return reply.status(created ? 201 : 200).send(account);
    },
  );

  app.get<{ Params: AccountParams }>(
    `${collection}/:accountName`,
    { schema: { params: AccountParams, response: { 200: Account } } },
    async (request) => {
      const { subscriptionId, resourceGroupName, accountName } = request.params;
      const account = await context.store.accounts.get({ subscriptionId, resourceGroupName, accountName });
      if (!account) throw notFound('Account', `${subscriptionId}/${resourceGroupName}/${accountName}`);
      return account;
    },
  );
}
