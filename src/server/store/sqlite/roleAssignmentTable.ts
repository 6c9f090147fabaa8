import type Database from 'libsql';
import type { RoleAssignment } from '../../../api/schemas/roleAssignment';
import { principalMatch } from '../principalMatch';
import type { AccountKey } from '../repositories';
import type { RoleAssignmentDeleteOutcome, RoleAssignmentPutOutcome, RoleAssignmentRepository } from '../roleAssignmentRepository';
import { highestRoles, removesLastOwner, replacing } from '../roleRules';
import { asPromise } from './asPromise';
import { keysetPage } from './keysetPage';
import { statementCache } from './statementCache';

/** Writes one assignment row (a new one, or over the row of the same name). */
export function insertRoleAssignment(db: Database.Database): (account: AccountKey, assignment: RoleAssignment) => void {
  const upsert = db.prepare(
    `INSERT INTO role_assignments (account, name, principal_type, principal_id, role, doc) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
     ON CONFLICT (account, name) DO UPDATE SET principal_type = ?3, principal_id = ?4, role = ?5, doc = ?6`,
  );
  return (account, a) => {
    upsert.run(account, a.name, a.principalType, a.principalId, a.role, JSON.stringify(a));
  };
}

/**
 * Role assignments in SQLite. Changes run in IMMEDIATE transactions: the write lock is taken before the last-Owner
 * check reads, so another process's change cannot slip in between the check and the write.
 */
export function roleAssignmentTable(db: Database.Database): RoleAssignmentRepository {
  const statement = statementCache(db);
  const byName = db.prepare('SELECT doc FROM role_assignments WHERE account = ? AND name = ?');
  const otherOwners = db.prepare("SELECT count(*) AS n FROM role_assignments WHERE account = ? AND role = 'Owner' AND name <> ?");
  const sameGrant = db.prepare('SELECT name FROM role_assignments WHERE account = ? AND principal_type = ? AND principal_id = ? AND role = ? AND name <> ?');
  const remove = db.prepare('DELETE FROM role_assignments WHERE account = ? AND name = ?');
  const write = insertRoleAssignment(db);
  const read = (account: AccountKey, name: string) => {
    const row = byName.get(account, name) as { doc: string } | undefined;
    return row ? (JSON.parse(row.doc) as RoleAssignment) : undefined;
  };
  const owners = (account: AccountKey, name: string) => Number((otherOwners.get(account, name) as { n: number }).n);

  const put = db.transaction((account: AccountKey, next: RoleAssignment): RoleAssignmentPutOutcome => {
    const current = read(account, next.name);
    if (removesLastOwner(current, next, owners(account, next.name))) return { kind: 'lastOwner' };
    const duplicate = sameGrant.get(account, next.principalType, next.principalId, next.role, next.name) as { name: string } | undefined;
    if (duplicate) return { kind: 'duplicate', existing: duplicate.name };
    const assignment = replacing(current, next);
    write(account, assignment);
    return { kind: current ? 'replaced' : 'created', assignment };
  });
  const del = db.transaction((account: AccountKey, name: string): RoleAssignmentDeleteOutcome => {
    const current = read(account, name);
    if (!current) return { kind: 'absent' };
    if (removesLastOwner(current, undefined, owners(account, name))) return { kind: 'lastOwner' };
    remove.run(account, name);
    return { kind: 'deleted', assignment: current };
  });

  return {
    get: (account, name) => asPromise(() => read(account, name)),
    list: (account, options) => asPromise(() => keysetPage<RoleAssignment>(statement, 'role_assignments', [{ sql: 'account = ?', params: [account] }], options)),
    put: (account, assignment) => asPromise(() => put.immediate(account, assignment)),
    delete: (account, name) => asPromise(() => del.immediate(account, name)),
    rolesOf(accounts, principal) {
      return asPromise(() => {
        if (accounts.length === 0) return new Map();
        const match = principalMatch(principal);
        // Prepared per call: its shape depends on how many accounts and groups there are.
        const rows = db.prepare(`SELECT account, role FROM role_assignments WHERE account IN (${accounts.map(() => '?').join(', ')}) AND ${match.sql}`).all(
          ...accounts,
          ...match.params,
        ) as { account: string; role: string }[];
        return highestRoles(rows);
      });
    },
  };
}
