import type { Pool } from 'pg';
import type { Account } from '../../../api/schemas';
import { accountKey, type AccountRepository, type AssetRecord, type AssetRepository } from '../repositories';
import { newAccount, visibleToFilter } from '../accountRows';
import { keysetPage, type FilterClause } from './keysetPage';
import { insertRoleAssignment } from './roleAssignmentTable';
import { inTransaction } from './transaction';

/** Accounts: put is create-or-update, safe when two instances put the same new account at once (both start). */
export function accountTable(pool: Pool): AccountRepository {
  return {
    put(ref, fields) {
      const key = accountKey(ref);
      return inTransaction(pool, async (client) => {
        const locked = async () => (await client.query<{ doc: Account }>('SELECT doc FROM accounts WHERE key = $1 FOR UPDATE', [key])).rows[0]?.doc;
        const compose = (existing: Account | undefined): Account => newAccount(ref, fields, existing);
        let existing = await locked();
        if (!existing) {
          const account = compose(undefined);
          const inserted = await client.query(
            'INSERT INTO accounts (key, subscription, resource_group, doc) VALUES ($1, $2, $3, $4) ON CONFLICT (key) DO NOTHING',
            [key, ref.subscriptionId, ref.resourceGroupName, JSON.stringify(account)],
          );
          if (inserted.rowCount === 1) return { account, created: true };
          // Another instance inserted it since our read: this statement sees its row, and updates it as a put would.
          existing = await locked();
        }
        const account = compose(existing);
        await client.query('UPDATE accounts SET doc = $1 WHERE key = $2', [JSON.stringify(account), key]);
        return { account, created: false };
      });
    },
    create(ref, fields, owner) {
      const key = accountKey(ref);
      return inTransaction(pool, async (client) => {
        const account = newAccount(ref, fields);
        const inserted = await client.query(
          'INSERT INTO accounts (key, subscription, resource_group, doc) VALUES ($1, $2, $3, $4) ON CONFLICT (key) DO NOTHING',
          [key, ref.subscriptionId, ref.resourceGroupName, JSON.stringify(account)],
        );
        if (inserted.rowCount !== 1) return undefined;
        await insertRoleAssignment(client, key, owner);
        return account;
      });
    },
    async get(ref) {
      const { rows } = await pool.query<{ doc: Account }>('SELECT doc FROM accounts WHERE key = $1', [accountKey(ref)]);
      return rows[0]?.doc;
    },
    list(subscriptionId, resourceGroupName, options, visibleTo) {
      const filters: FilterClause[] = [{ sql: 'subscription = ? AND resource_group = ?', params: [subscriptionId, resourceGroupName] }];
      if (visibleTo) filters.push(visibleToFilter(visibleTo));
      return keysetPage<Account>(pool, 'accounts', filters, options);
    },
  };
}

export function assetTable(pool: Pool): AssetRepository {
  return {
    async create(account, asset) {
      await pool.query('INSERT INTO assets (id, account, sha256, doc) VALUES ($1, $2, $3, $4)', [asset.id, account, asset.sha256, JSON.stringify(asset)]);
    },
    async get(account, id) {
      const { rows } = await pool.query<{ doc: AssetRecord }>('SELECT doc FROM assets WHERE account = $1 AND id = $2', [account, id]);
      return rows[0]?.doc;
    },
  };
}
