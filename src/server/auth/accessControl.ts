import type { FastifyInstance, FastifyRequest } from 'fastify';
import { accountPath, type AccountRef } from '../../api/accountRef';
import { AUTHORIZATION_DETAIL, roleIncludes, type RoleName } from '../../api/schemas/roleAssignment';
import { ApiError, notFound } from '../errors';
import { accountKey, type Store } from '../store/repositories';
import type { AccessRule } from './accessRule';
import type { Principal } from './authenticator';
import { decorateCaller, principalIds } from './caller';

/** The 403 of a caller whose role is not enough: names the role, the account and the action, also in `details`. */
export function authorizationFailed(needed: RoleName, account: AccountRef, action: string): ApiError {
  const name = accountKey(account);
  return new ApiError(403, 'AuthorizationFailed', `The caller needs ${needed} on account '${name}' to ${action}.`, [
    { code: AUTHORIZATION_DETAIL.requiredRole, message: needed },
    { code: AUTHORIZATION_DETAIL.action, message: action },
    { code: AUTHORIZATION_DETAIL.account, message: name },
  ]);
}

/** The account a route's params address (account-scoped routes all have these three). */
function addressedAccount(params: unknown): AccountRef | undefined {
  const p = params as Partial<Record<'subscriptionId' | 'resourceGroupName' | 'accountName', string>>;
  if (!p.subscriptionId || !p.resourceGroupName || !p.accountName) return undefined;
  return { subscriptionId: p.subscriptionId, resourceGroupName: p.resourceGroupName, accountName: p.accountName };
}

/**
 * Access control on the management plane. Every route under /api/ must declare its rule (`config.access`): one
 * without makes registration throw, so the service does not start with an unguarded route. `authorize` runs
 * after authentication on every management call and before its body is read: roles are read from the store on
 * each call (one indexed query), so a change made through any instance holds on the next call everywhere.
 */
export function installAccessControl(app: FastifyInstance, store: Store): (request: FastifyRequest, principal: Principal) => Promise<void> {
  decorateCaller(app);
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/')) return;
    const rule = route.config?.access;
    if (!rule || !rule.action) {
      const methods = Array.isArray(route.method) ? route.method.join(',') : route.method;
      throw new Error(`The management route ${methods} ${route.url} declares no access rule: give it config: requires(<role>, <action>) (src/server/auth/accessRule.ts).`);
    }
  });

  return async (request, principal) => {
    const rule: AccessRule | undefined = request.routeOptions.config.access;
    if (!rule) {
      if (request.routeOptions.url === undefined) return; // no route matched: fastify answers 404
      throw new Error(`${request.method} ${request.routeOptions.url} has no access rule`); // cannot happen: onRoute refuses such routes
    }
    if (principal.kind === 'admin') {
      request.caller = { principal, role: 'Owner' };
      return;
    }
    const scope = rule.scope ?? 'account';
    if (scope === 'accountList') {
      request.caller = { principal, role: undefined };
      return;
    }
    const ref = addressedAccount(request.params);
    if (!ref) throw new Error(`${request.routeOptions.url} has an account rule but no account in its path`);
    const key = accountKey(ref);
    const role = (await store.roleAssignments.rolesOf([key], principalIds(principal))).get(key);
    if (!role) {
      // Not disclosed: the same answer as for an account that does not exist. A PUT may create one (the route decides).
      if (scope === 'accountPut') {
        request.caller = { principal, role: undefined };
        return;
      }
      throw notFound('Account', accountPath(ref));
    }
    if (!roleIncludes(role, rule.role)) throw authorizationFailed(rule.role, ref, rule.action);
    request.caller = { principal, role };
  };
}
