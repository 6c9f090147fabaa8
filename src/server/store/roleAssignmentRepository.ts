import type { RoleAssignment, RoleName } from '../../api/schemas/roleAssignment';
import type { AccountKey, ListOptions, ListResult } from './repositories';

/** The ids a caller is known by: its own (a JWT's oid or sub) and its groups'. */
export interface PrincipalIds {
  userId: string;
  groupIds: readonly string[];
}

/** What a put did: stored a new assignment, replaced one of the same name, or refused. */
export type RoleAssignmentPutOutcome =
  | { kind: 'created' | 'replaced'; assignment: RoleAssignment }
  /** It would leave the account without an Owner (the assignment replaced was its last Owner's). */
  | { kind: 'lastOwner' }
  /** Another assignment (named `existing`) already gives this principal this role. */
  | { kind: 'duplicate'; existing: string };

export type RoleAssignmentDeleteOutcome = { kind: 'deleted'; assignment: RoleAssignment } | { kind: 'absent' } | { kind: 'lastOwner' };

/**
 * Role assignments per account. Changes that could remove an account's last Owner are decided inside one
 * transaction that holds the account's row, so two concurrent removals of its two Owners cannot both pass.
 */
export interface RoleAssignmentRepository {
  get(account: AccountKey, name: string): Promise<RoleAssignment | undefined>;
  list(account: AccountKey, options: ListOptions): Promise<ListResult<RoleAssignment>>;
  /** Creates or replaces the assignment `assignment.name` (a replaced one keeps its createdAt and createdBy). */
  put(account: AccountKey, assignment: RoleAssignment): Promise<RoleAssignmentPutOutcome>;
  delete(account: AccountKey, name: string): Promise<RoleAssignmentDeleteOutcome>;
  /** The highest role `principal` holds (directly or through a group) on each of `accounts` that it holds one on. */
  rolesOf(accounts: readonly AccountKey[], principal: PrincipalIds): Promise<Map<AccountKey, RoleName>>;
}
