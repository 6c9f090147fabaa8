import { Type, type Static } from '@sinclair/typebox';

/**
 * Access control per account, with Azure's built-in role names and meanings:
 * - Reader: reads everything in the account but endpoint keys;
 * - Contributor: also creates, updates and deletes models, manifests, images, services, endpoints and jobs, reads
 *   and regenerates keys, changes gateway policies;
 * - Owner: also manages who holds which role (role assignments).
 * The service's admin token holds every right everywhere.
 */
export const RoleName = Type.Union([Type.Literal('Reader'), Type.Literal('Contributor'), Type.Literal('Owner')]);
export type RoleName = Static<typeof RoleName>;

/** Lowest first: a role includes every right of the roles before it. */
export const ROLE_ORDER: readonly RoleName[] = ['Reader', 'Contributor', 'Owner'];

/** True when `held` includes every right of `needed`. */
export function roleIncludes(held: RoleName, needed: RoleName): boolean {
  return ROLE_ORDER.indexOf(held) >= ROLE_ORDER.indexOf(needed);
}

export const PrincipalType = Type.Union([Type.Literal('User'), Type.Literal('Group')]);
export type PrincipalType = Static<typeof PrincipalType>;

/** A principal id as a JWT carries it: a user's `oid` (or `sub`), or a group id from the `groups` claim. */
export const PrincipalId = Type.String({ minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9._@:-]+$' });

/** The name of a role assignment in its URL, chosen by the client as in Azure (a GUID is usual). */
export const RoleAssignmentName = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9._-]+$' });

/** Body of `PUT {account}/roleAssignments/{name}`. */
export const RoleAssignmentPutRequest = Type.Object(
  {
    principalId: PrincipalId,
    principalType: PrincipalType,
    role: RoleName,
  },
  { additionalProperties: false },
);
export type RoleAssignmentPutRequest = Static<typeof RoleAssignmentPutRequest>;

export const RoleAssignment = Type.Object({
  /** The assignment's own path: `{account path}/roleAssignments/{name}`. */
  id: Type.String(),
  name: Type.String(),
  principalId: Type.String(),
  principalType: PrincipalType,
  role: RoleName,
  createdAt: Type.String(),
  /** The principal that made the assignment (`admin` for the admin token). */
  createdBy: Type.Optional(Type.String()),
});
export type RoleAssignment = Static<typeof RoleAssignment>;

/**
 * What a 403 AuthorizationFailed carries in `details`, so a client can say "You need Contributor on <account> to
 * delete a model" without parsing the message: `{code: 'RequiredRole', message: 'Contributor'}`,
 * `{code: 'Action', message: 'delete a model'}`, `{code: 'Account', message: '<account path>'}`.
 */
export const AUTHORIZATION_DETAIL = { requiredRole: 'RequiredRole', action: 'Action', account: 'Account' } as const;
