import { Type } from '@sinclair/typebox';
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { accountPath, type AccountRef } from '../../api/accountRef';
import { Account, AccountPutRequest, AccountSegment, Paginated } from '../../api/schemas';
import { roleIncludes } from '../../api/schemas/roleAssignment';
import { authorizationFailed } from '../auth/accessControl';
import { requires } from '../auth/accessRule';
import { callerOf, principalIds } from '../auth/caller';
import type { ServiceContext } from '../context';
import { ApiError, notFound } from '../errors';
import { accountKey } from '../store/repositories';
import { AccountParams } from './accountScope';
import { listOptions, pageOf, PagingQuery } from './paging';

const GroupParams = Type.Object({ subscriptionId: AccountSegment, resourceGroupName: AccountSegment });

/**
 * Accounts. The list shows the admin token every account, a signed-in principal those where it holds a role (the
 * store filters, so pages stay full); each account says the caller's role on it. PUT creates an account that does
 * not exist (a signed-in creator becomes its Owner, in the same transaction) or updates one (Contributor).
 */
export function accountRoutes(app: FastifyInstance, context: ServiceContext): void {
  const collection = '/api/subscriptions/:subscriptionId/resourceGroups/:resourceGroupName/accounts';

  app.get<{ Params: { subscriptionId: string; resourceGroupName: string }; Querystring: { count?: number; $skipToken?: string } }>(
    collection,
    {
      config: requires('Reader', 'list accounts', 'accountList'),
      schema: {
        params: GroupParams,
        querystring: Type.Object(PagingQuery),
        response: { 200: Paginated(Account) },
      },
    },
    async (request) => {
      const { subscriptionId, resourceGroupName } = request.params;
      const { principal } = callerOf(request);
      if (principal.kind === 'admin') {
        const result = await context.store.accounts.list(subscriptionId, resourceGroupName, listOptions(request.query));
        return pageOf(context, request, { ...result, items: result.items.map((a) => ({ ...a, callerRole: 'Owner' as const })) });
      }
      const ids = principalIds(principal);
      const result = await context.store.accounts.list(subscriptionId, resourceGroupName, listOptions(request.query), ids);
      const keyOf = (a: Account) => accountKey({ subscriptionId: a.subscriptionId, resourceGroupName: a.resourceGroupName, accountName: a.name });
      const roles = await context.store.roleAssignments.rolesOf(result.items.map(keyOf), ids);
      return pageOf(context, request, { ...result, items: result.items.map((a) => ({ ...a, callerRole: roles.get(keyOf(a)) })) });
    },
  );

  app.put<{ Params: AccountParams; Body: AccountPutRequest | undefined }>(
    `${collection}/:accountName`,
    {
      config: requires('Contributor', 'update an account', 'accountPut'),
      schema: { params: AccountParams, body: Type.Optional(AccountPutRequest), response: { 200: Account, 201: Account } },
    },
    async (request, reply) => {
      const ref: AccountRef = { ...request.params };
      const fields = request.body ?? {};
      const { principal, role } = callerOf(request);
      if (principal.kind === 'jwt' && role === undefined) {
        // No role here: the caller may create the account (and own it), not touch one that exists.
        const name = randomUUID();
        const owner = {
          id: `${accountPath(ref)}/roleAssignments/${name}`,
          name,
          principalId: principal.subject,
          principalType: 'User' as const,
          role: 'Owner' as const,
          createdAt: new Date().toISOString(),
          createdBy: principal.subject,
        };
        const created = await context.store.accounts.create(ref, fields, owner);
        if (created) return reply.status(201).send({ ...created, callerRole: 'Owner' });
        // Made meanwhile: by this same caller (a PUT sent twice at once stays idempotent), or by someone else.
        const now = (await context.store.roleAssignments.rolesOf([accountKey(ref)], principalIds(principal))).get(accountKey(ref));
        if (!now) throw new ApiError(409, 'AccountNameUnavailable', `The account name '${accountKey(ref)}' is not available; choose another name.`);
        if (!roleIncludes(now, 'Contributor')) throw authorizationFailed('Contributor', ref, 'update an account');
        const { account } = await context.store.accounts.put(ref, fields);
        return reply.status(200).send({ ...account, callerRole: now });
      }
      const { account, created } = await context.store.accounts.put(ref, fields);
      return reply.status(created ? 201 : 200).send({ ...account, callerRole: role });
    },
  );

  app.get<{ Params: AccountParams }>(
    `${collection}/:accountName`,
    { config: requires('Reader', 'read an account'), schema: { params: AccountParams, response: { 200: Account } } },
    async (request) => {
      const ref: AccountRef = { ...request.params };
      const account = await context.store.accounts.get(ref);
      if (!account) throw notFound('Account', accountPath(ref));
      return { ...account, callerRole: callerOf(request).role };
    },
  );
}
