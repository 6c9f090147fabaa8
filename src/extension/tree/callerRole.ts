import type { RoleName } from '../../api/schemas/roleAssignment';

/**
 * What the signed-in user may do in an account, as the tree tells the menus: every row of an account carries
 * `@reader`, `@contributor` or `@owner` at the end of its contextValue (`modelbay.model@reader`), so package.json's
 * `when` clauses offer only the commands the role allows. `@unknown` is an account row whose role is not read yet
 * (collapsed): its commands stay offered, and the service's 403 explains a refusal.
 */
export type RoleTag = 'reader' | 'contributor' | 'owner' | 'unknown';

/** A row that knows the caller's role on its account (the account row, after reading the account). */
export interface KnowsCallerRole {
  readonly callerRole: RoleName | undefined;
}

const knowsRole = (node: object): node is KnowsCallerRole => 'callerRole' in node;

/**
 * The caller's role as the service said it. The Local account is reached with the admin token: Owner. A service
 * without access control (before roles existed) says nothing: everything but role assignments is allowed there.
 */
export function effectiveRole(kind: 'local' | 'remote', said: RoleName | undefined): RoleName {
  if (kind === 'local') return 'Owner';
  return said ?? 'Contributor';
}

export function roleTag(role: RoleName | undefined): RoleTag {
  return role ? (role.toLowerCase() as Lowercase<RoleName>) : 'unknown';
}

/** `base@role`: the row's own tags, then the role of the account it is in. */
export function withRole(base: string, role: RoleName | undefined): string {
  return `${base}@${roleTag(role)}`;
}

/** The role of the account a row is in: the nearest row above it (or itself) that knows it. */
export function roleAbove(node: { readonly parent?: object } & object): RoleName | undefined {
  for (let current: (object & { readonly parent?: object }) | undefined = node; current; current = current.parent) {
    if (knowsRole(current)) return current.callerRole;
  }
  return undefined;
}

/** The contextValue of a row under an account: its own tags and the account's role. */
export function taggedContext(node: { readonly parent?: object } & object, base: string): string {
  return withRole(base, roleAbove(node));
}
