import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { accountPath } from '../../api/accountRef';
import { Paginated } from '../../api/schemas';
import { RoleAssignment, RoleAssignmentName, RoleAssignmentPutRequest } from '../../api/schemas/roleAssignment';
import { requires } from '../auth/accessRule';
import { callerOf, principalName } from '../auth/caller';
import type { ServiceContext } from '../context';
import { ApiError, notFound } from '../errors';
import { ACCOUNT_ROUTE, AccountParams, resolveAccount } from './accountScope';
import { listOptions, pageOf, PagingQuery } from './paging';

const AssignmentParams = Type.Composite([AccountParams, Type.Object({ name: RoleAssignmentName })]);
type AssignmentParams = AccountParams & { name: string };

function lastOwner(account: string): ApiError {
  return new ApiError(409, 'LastOwner', `This would leave account '${account}' without an Owner; make another principal Owner first.`);
}

/**
 * `{account}/roleAssignments[/{name}]`: who holds which role on the account. Anyone with a role may read them
 * (Reader reads everything but keys); only an Owner (or the admin token) changes them, and never so that the
 * account is left without an Owner.
 */
export function roleAssignmentRoutes(app: FastifyInstance, context: ServiceContext): void {
  const base = `${ACCOUNT_ROUTE}/roleAssignments`;

  app.get<{ Params: AccountParams; Querystring: { count?: number; $skipToken?: string } }>(
    base,
    { config: requires('Reader', 'list role assignments'), schema: { params: AccountParams, querystring: Type.Object(PagingQuery), response: { 200: Paginated(RoleAssignment) } } },
    async (request) => {
      const account = await resolveAccount(context, request.params);
      return pageOf(context, request, await context.store.roleAssignments.list(account.key, listOptions(request.query)));
    },
  );

  app.get<{ Params: AssignmentParams }>(
    `${base}/:name`,
    { config: requires('Reader', 'read a role assignment'), schema: { params: AssignmentParams, response: { 200: RoleAssignment } } },
    async (request) => {
      const account = await resolveAccount(context, request.params);
      const assignment = await context.store.roleAssignments.get(account.key, request.params.name);
      if (!assignment) throw notFound('RoleAssignment', request.params.name);
      return assignment;
    },
  );

  app.put<{ Params: AssignmentParams; Body: RoleAssignmentPutRequest }>(
    `${base}/:name`,
    { config: requires('Owner', 'manage access'), schema: { params: AssignmentParams, body: RoleAssignmentPutRequest, response: { 200: RoleAssignment, 201: RoleAssignment } } },
    async (request, reply) => {
      const account = await resolveAccount(context, request.params);
      const { name } = request.params;
      const outcome = await context.store.roleAssignments.put(account.key, {
        id: `${accountPath(account.ref)}/roleAssignments/${name}`,
        name,
        principalId: request.body.principalId,
        principalType: request.body.principalType,
        role: request.body.role,
        createdAt: new Date().toISOString(),
        createdBy: principalName(callerOf(request).principal),
      });
      if (outcome.kind === 'lastOwner') throw lastOwner(account.key);
      if (outcome.kind === 'duplicate') {
        const { principalType, principalId, role } = request.body;
        throw new ApiError(409, 'RoleAssignmentExists', `${principalType} '${principalId}' already holds ${role} on account '${account.key}' through role assignment '${outcome.existing}'.`);
      }
      return reply.status(outcome.kind === 'created' ? 201 : 200).send(outcome.assignment);
    },
  );

  app.delete<{ Params: AssignmentParams }>(
    `${base}/:name`,
    { config: requires('Owner', 'manage access'), schema: { params: AssignmentParams, response: { 200: RoleAssignment, 204: Type.Null() } } },
    async (request, reply) => {
      const account = await resolveAccount(context, request.params);
      const outcome = await context.store.roleAssignments.delete(account.key, request.params.name);
      if (outcome.kind === 'lastOwner') throw lastOwner(account.key);
      if (outcome.kind === 'absent') return reply.status(204).send();
      return reply.status(200).send(outcome.assignment);
    },
  );
}
