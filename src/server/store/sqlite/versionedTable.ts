import { randomUUID } from 'node:crypto';
import type Database from 'libsql';
import { keysetPage, type FilterClause } from './keysetPage';
import { asPromise } from './asPromise';
import { statementCache } from './statementCache';
import type { AccountKey, ListOptions, ListResult, VersionedRepository } from '../repositories';

/** Turns one list filter's fields into SQL clauses; fields left undefined add nothing. */
export type FilterCompiler<F> = (filter: F) => FilterClause[];

interface Row {
  seq: number;
  doc: string;
}

/**
 * One table of documents versioned per name. The next version is chosen inside the INSERT's own transaction, and
 * SQLite (libsql, synchronous like better-sqlite3) runs each transaction whole, so concurrent registrations of one name get 1, 2, 3... in order.
 */
export class VersionedTable<T extends { id: string; name: string; version: number }, F>
  implements VersionedRepository<T, F>
{
  private readonly insert: Database.Statement;
  private readonly nextVersion: Database.Statement;
  private readonly byId: Database.Statement;
  private readonly replace: Database.Statement;
  private readonly statement: (sql: string) => Database.Statement;

  constructor(
    private readonly db: Database.Database,
    private readonly table: string,
    private readonly compileFilter: FilterCompiler<F>,
  ) {
    this.insert = db.prepare(`INSERT INTO ${table} (id, account, name, version, doc) VALUES (?, ?, ?, ?, ?)`);
    this.nextVersion = db.prepare(`SELECT COALESCE(MAX(version), 0) + 1 AS v FROM ${table} WHERE account = ? AND name = ?`);
    this.byId = db.prepare(`SELECT seq, doc FROM ${table} WHERE account = ? AND id = ?`);
    this.replace = db.prepare(`UPDATE ${table} SET doc = ? WHERE account = ? AND id = ?`);
    this.statement = statementCache(db);
  }

  /** `alsoInTransaction` writes rows that must exist exactly when this one does (an image's build operation). */
  create(
    account: AccountKey,
    name: string,
    build: (identity: { id: string; version: number }) => T,
    alsoInTransaction?: (doc: T) => void,
  ): Promise<T> {
    return asPromise(this.db.transaction(() => {
      const { v } = this.nextVersion.get(account, name) as { v: number };
      const doc = build({ id: randomUUID(), version: v });
      this.insert.run(doc.id, account, name, v, JSON.stringify(doc));
      alsoInTransaction?.(doc);
      return doc;
    }));
  }

  get(account: AccountKey, id: string): Promise<T | undefined> {
    return asPromise(() => {
      const row = this.byId.get(account, id) as Row | undefined;
      return row ? (JSON.parse(row.doc) as T) : undefined;
    });
  }

  list(account: AccountKey, filter: F, options: ListOptions): Promise<ListResult<T>> {
    return asPromise(() => keysetPage<T>(this.statement, this.table, [{ sql: 'account = ?', params: [account] }, ...this.compileFilter(filter)], options));
  }

  /** Replaces a stored document in place (only for the mutable fields of images). */
  update(account: AccountKey, doc: T): Promise<void> {
    return asPromise(() => {
      const result = this.replace.run(JSON.stringify(doc), account, doc.id);
      if (result.changes !== 1) throw new Error(`${this.table} row ${doc.id} does not exist`);
    });
  }
}
