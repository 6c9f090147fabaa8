import type { PrincipalIds } from './roleAssignmentRepository';

/**
 * The SQL condition "this role assignment row names the principal, or one of its groups", with `?` placeholders
 * (both stores' list filters use them). `alias` is the role_assignments table's name in the query.
 */
export function principalMatch(principal: PrincipalIds, alias = 'role_assignments'): { sql: string; params: string[] } {
  const user = `(${alias}.principal_type = 'User' AND ${alias}.principal_id = ?)`;
  if (principal.groupIds.length === 0) return { sql: user, params: [principal.userId] };
  const groups = `(${alias}.principal_type = 'Group' AND ${alias}.principal_id IN (${principal.groupIds.map(() => '?').join(', ')}))`;
  return { sql: `(${user} OR ${groups})`, params: [principal.userId, ...principal.groupIds] };
}
