import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { RoleName } from '../../api/schemas/roleAssignment';
import type { PrincipalIds } from '../store/roleAssignmentRepository';
import type { Principal } from './authenticator';

/** Who made a management call, and the role it holds on the account the route addresses (as checked on arrival). */
export interface Caller {
  principal: Principal;
  /** Owner for the admin token; undefined where the route addresses no single account, or the caller has no role. */
  role: RoleName | undefined;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the management plane's access check, before the route runs. */
    caller: Caller | null;
  }
}

export function decorateCaller(app: FastifyInstance): void {
  app.decorateRequest('caller', null);
}

/** The request's caller; a management route runs only after the access check set it. */
export function callerOf(request: FastifyRequest): Caller {
  if (!request.caller) throw new Error(`${request.method} ${request.url} ran without an access check`);
  return request.caller;
}

/** The ids a JWT principal's role assignments may name: its own and its groups'. */
export function principalIds(principal: Extract<Principal, { kind: 'jwt' }>): PrincipalIds {
  return { userId: principal.subject, groupIds: principal.groups };
}

/** How assignments record who made them: `admin` for the admin token. */
export function principalName(principal: Principal): string {
  return principal.kind === 'admin' ? 'admin' : principal.subject;
}
