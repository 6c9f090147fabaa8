import type { RoleName } from '../../api/schemas/roleAssignment';

/**
 * What a management route asks of its caller: the least role on the addressed account, and what the call does in
 * words ("delete a model"), for the 403 that names them. Every route under /api/ declares one (fail closed: the
 * service does not start with a route that has none; accessControl.ts checks that as routes are registered).
 */
export interface AccessRule {
  role: RoleName;
  /** The action in a sentence's words: "The caller needs Contributor on account 'a' to <action>." */
  action: string;
  /**
   * Where the role is looked up. `account` (the default): the account in the route's params; a caller with no role
   * there gets 404 AccountNotFound. `accountList`: no single account; the list shows only the accounts where the
   * caller holds a role. `accountPut`: as `account`, but a caller with no role may create an account that does not
   * exist yet (the route decides, in one transaction, and makes the caller its Owner).
   */
  scope?: 'account' | 'accountList' | 'accountPut';
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route's access rule (management routes under /api/ must have one). */
    access?: AccessRule;
  }
}

/** A route's `config` declaring its rule: `{ config: requires('Contributor', 'delete a model'), schema: ... }`. */
export function requires(role: RoleName, action: string, scope?: AccessRule['scope']): { access: AccessRule } {
  return { access: scope === undefined ? { role, action } : { role, action, scope } };
}
