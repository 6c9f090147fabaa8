import { accountPath, type AccountRef } from '../../api/accountRef';
import type { Account } from '../../api/schemas';
import { principalMatch } from './principalMatch';
import type { PrincipalIds } from './roleAssignmentRepository';

/** An account's document: a new one, or `existing` with the fields given replaced (both stores write the same). */
export function newAccount(ref: AccountRef, fields: { description?: string; location?: string }, existing?: Account): Account {
  return {
    id: accountPath(ref),
    subscriptionId: ref.subscriptionId,
    resourceGroupName: ref.resourceGroupName,
    name: ref.accountName,
    createdAt: existing?.createdAt ?? new Date().toISOString(),
    description: fields.description ?? existing?.description,
    location: fields.location ?? existing?.location,
  };
}

/**
 * The accounts list's filter for a caller that is not the admin: accounts where it holds a role, directly or through
 * a group (`?` placeholders; the accounts table is named `accounts` in the query).
 */
export function visibleToFilter(principal: PrincipalIds): { sql: string; params: unknown[] } {
  const match = principalMatch(principal, 'r');
  return { sql: `EXISTS (SELECT 1 FROM role_assignments r WHERE r.account = accounts.key AND ${match.sql})`, params: match.params };
}
