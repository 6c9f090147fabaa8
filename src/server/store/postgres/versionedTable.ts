import { randomUUID } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import type { AccountKey, DeleteOutcome, ListOptions, ListResult, VersionedRepository } from '../repositories';
import { keysetPage, type FilterClause } from './keysetPage';
import { inTransaction } from './transaction';

/**
 * Rows that use a document: a SELECT taking ($1 account, $2 id) and answering `name` (and `version` where there is
 * one), each shown as `<label> <name>[:<version>]` in a delete's 409.
 */
export interface Dependents {
  label: string;
  sql: string;
}

/** Turns one list filter's fields into SQL clauses (`?` placeholders); fields left undefined add nothing. */
export type FilterCompiler<F> = (filter: F) => FilterClause[];

/**
 * One table of documents versioned per name. The next version comes from an upsert on the name's row in
 * version_counters, in the INSERT's own transaction: the row lock it takes makes every other registration of that
 * name (on this pool or another instance's) wait until this one commits or rolls back, so versions run 1, 2, 3...
 * with no gaps or duplicates, and a deleted version's number is never given again.
 */
export class PgVersionedTable<T extends { id: string; name: string; version: number }, F> implements VersionedRepository<T, F> {
  constructor(
    private readonly pool: Pool,
    private readonly table: string,
    private readonly compileFilter: FilterCompiler<F>,
    private readonly dependents: readonly Dependents[] = [],
  ) {}

  /** `alsoInTransaction` writes rows that must exist exactly when this one does (an image's build operation). */
  create(
    account: AccountKey,
    name: string,
    build: (identity: { id: string; version: number }) => T,
    alsoInTransaction?: (client: PoolClient, doc: T) => Promise<void>,
  ): Promise<T> {
    return inTransaction(this.pool, async (client) => {
      const { rows } = await client.query<{ last: number }>(
        `INSERT INTO version_counters (kind, account, name, last) VALUES ($1, $2, $3, 1)
         ON CONFLICT (kind, account, name) DO UPDATE SET last = version_counters.last + 1
         RETURNING last`,
        [this.table, account, name],
      );
      const doc = build({ id: randomUUID(), version: rows[0]!.last });
      await client.query(`INSERT INTO ${this.table} (id, account, name, version, doc) VALUES ($1, $2, $3, $4, $5)`, [
        doc.id,
        account,
        name,
        doc.version,
        JSON.stringify(doc),
      ]);
      await alsoInTransaction?.(client, doc);
      return doc;
    });
  }

  async get(account: AccountKey, id: string): Promise<T | undefined> {
    const { rows } = await this.pool.query<{ doc: T }>(`SELECT doc FROM ${this.table} WHERE account = $1 AND id = $2`, [account, id]);
    return rows[0]?.doc;
  }

  list(account: AccountKey, filter: F, options: ListOptions): Promise<ListResult<T>> {
    return keysetPage<T>(this.pool, this.table, [{ sql: 'account = ?', params: [account] }, ...this.compileFilter(filter)], options);
  }

  /**
   * The row is locked first (FOR UPDATE), so a concurrent delete or update of it waits, then the users are looked
   * for and the row removed, all in one transaction.
   */
  delete(account: AccountKey, id: string): Promise<DeleteOutcome<T>> {
    return inTransaction(this.pool, async (client): Promise<DeleteOutcome<T>> => {
      const { rows } = await client.query<{ doc: T }>(`SELECT doc FROM ${this.table} WHERE account = $1 AND id = $2 FOR UPDATE`, [account, id]);
      const doc = rows[0]?.doc;
      if (!doc) return { kind: 'absent' };
      const usedBy: string[] = [];
      for (const { label, sql } of this.dependents) {
        const users = await client.query<{ name: string; version?: number | null }>(sql, [account, id]);
        for (const r of users.rows) usedBy.push(`${label} ${r.name}${r.version === undefined || r.version === null ? '' : `:${r.version}`}`);
      }
      if (usedBy.length > 0) return { kind: 'inUse', doc, usedBy };
      await client.query(`DELETE FROM ${this.table} WHERE account = $1 AND id = $2`, [account, id]);
      return { kind: 'deleted', doc };
    });
  }

  /** Replaces a stored document in place (only for the mutable fields of images). */
  async update(account: AccountKey, doc: T): Promise<void> {
    const result = await this.pool.query(`UPDATE ${this.table} SET doc = $1 WHERE account = $2 AND id = $3`, [JSON.stringify(doc), account, doc.id]);
    if (result.rowCount !== 1) throw new Error(`${this.table} row ${doc.id} does not exist`);
  }
}
