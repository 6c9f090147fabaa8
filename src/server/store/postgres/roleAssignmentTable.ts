import type { Pool, PoolClient } from 'pg';
import type { RoleAssignment } from '../../../api/schemas/roleAssignment';
import { principalMatch } from '../principalMatch';
import type { AccountKey } from '../repositories';
import type { RoleAssignmentRepository } from '../roleAssignmentRepository';
import { highestRoles, removesLastOwner, replacing } from '../roleRules';
import { keysetPage } from './keysetPage';
import { numberPlaceholders } from './placeholders';
import { inTransaction, type Queryable } from './transaction';

/** Writes one assignment row (a new one, or over the row of the same name). */
export async function insertRoleAssignment(db: Queryable, account: AccountKey, a: RoleAssignment): Promise<void> {
  await db.query(
    `INSERT INTO role_assignments (account, name, principal_type, principal_id, role, doc) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (account, name) DO UPDATE SET principal_type = $3, principal_id = $4, role = $5, doc = $6`,
    [account, a.name, a.principalType, a.principalId, a.role, JSON.stringify(a)],
  );
}

async function read(db: Queryable, account: AccountKey, name: string): Promise<RoleAssignment | undefined> {
  const { rows } = await db.query<{ doc: RoleAssignment }>('SELECT doc FROM role_assignments WHERE account = $1 AND name = $2', [account, name]);
  return rows[0]?.doc;
}

/**
 * The account's other Owner assignments, counted after taking the account's row lock: every change that could
 * remove an Owner takes it first, so two of them on one account (on any instance) run one after the other.
 */
async function lockedOtherOwners(client: PoolClient, account: AccountKey, name: string): Promise<number> {
  await client.query('SELECT 1 FROM accounts WHERE key = $1 FOR UPDATE', [account]);
  const { rows } = await client.query<{ n: string }>("SELECT count(*) AS n FROM role_assignments WHERE account = $1 AND role = 'Owner' AND name <> $2", [account, name]);
  return Number(rows[0]?.n ?? 0);
}

/** Role assignments in PostgreSQL, shared by every instance on the store. */
export function roleAssignmentTable(pool: Pool): RoleAssignmentRepository {
  return {
    get: (account, name) => read(pool, account, name),
    list: (account, options) => keysetPage<RoleAssignment>(pool, 'role_assignments', [{ sql: 'account = ?', params: [account] }], options),
    put(account, next) {
      return inTransaction(pool, async (client) => {
        const others = await lockedOtherOwners(client, account, next.name);
        const current = await read(client, account, next.name);
        if (removesLastOwner(current, next, others)) return { kind: 'lastOwner' } as const;
        const { rows } = await client.query<{ name: string }>(
          'SELECT name FROM role_assignments WHERE account = $1 AND principal_type = $2 AND principal_id = $3 AND role = $4 AND name <> $5',
          [account, next.principalType, next.principalId, next.role, next.name],
        );
        if (rows[0]) return { kind: 'duplicate', existing: rows[0].name } as const;
        const assignment = replacing(current, next);
        await insertRoleAssignment(client, account, assignment);
        return { kind: current ? 'replaced' : 'created', assignment } as const;
      });
    },
    delete(account, name) {
      return inTransaction(pool, async (client) => {
        const others = await lockedOtherOwners(client, account, name);
        const current = await read(client, account, name);
        if (!current) return { kind: 'absent' } as const;
        if (removesLastOwner(current, undefined, others)) return { kind: 'lastOwner' } as const;
        await client.query('DELETE FROM role_assignments WHERE account = $1 AND name = $2', [account, name]);
        return { kind: 'deleted', assignment: current } as const;
      });
    },
    async rolesOf(accounts, principal) {
      if (accounts.length === 0) return new Map();
      const match = principalMatch(principal);
      const { rows } = await pool.query<{ account: string; role: string }>(
        numberPlaceholders(`SELECT account, role FROM role_assignments WHERE account = ANY(?) AND ${match.sql}`),
        [[...accounts], ...match.params],
      );
      return highestRoles(rows);
    },
  };
}
