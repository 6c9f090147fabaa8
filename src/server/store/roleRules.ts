import { roleIncludes, type RoleAssignment, type RoleName } from '../../api/schemas/roleAssignment';
import type { AccountKey } from './repositories';

/** The highest role per account among `rows` (a principal's direct and group assignments). */
export function highestRoles(rows: readonly { account: AccountKey; role: string }[]): Map<AccountKey, RoleName> {
  const roles = new Map<AccountKey, RoleName>();
  for (const row of rows) {
    const role = row.role as RoleName;
    const held = roles.get(row.account);
    if (!held || !roleIncludes(held, role)) roles.set(row.account, role);
  }
  return roles;
}

/**
 * Would replacing `current` by `next` (undefined: deleting it) leave the account without an Owner? Only when it is
 * an Owner assignment, no other assignment of the account is, and the next one is not either.
 */
export function removesLastOwner(current: RoleAssignment | undefined, next: RoleAssignment | undefined, otherOwners: number): boolean {
  return current?.role === 'Owner' && next?.role !== 'Owner' && otherOwners === 0;
}

/** A replaced assignment keeps when and by whom it was first made. */
export function replacing(current: RoleAssignment | undefined, next: RoleAssignment): RoleAssignment {
  return current ? { ...next, createdAt: current.createdAt, ...(current.createdBy === undefined ? {} : { createdBy: current.createdBy }) } : next;
}
