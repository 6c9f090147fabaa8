import { randomUUID } from 'node:crypto';
import type Database from 'libsql';
import { statementCache } from './statementCache';
import type { AccountKey, ListOptions, ListResult, VersionedRepository } from '../repositories';

/** A filter clause over a row (columns: seq, id, account, name, version, doc). */
export interface FilterClause {
  sql: string;
  params: unknown[];
}

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
  async create(
    account: AccountKey,
    name: string,
    build: (identity: { id: string; version: number }) => T,
    alsoInTransaction?: (doc: T) => void,
  ): Promise<T> {
    return this.db.transaction(() => {
      const { v } = this.nextVersion.get(account, name) as { v: number };
      const doc = build({ id: randomUUID(), version: v });
      this.insert.run(doc.id, account, name, v, JSON.stringify(doc));
      alsoInTransaction?.(doc);
      return doc;
    })();
  }

  async get(account: AccountKey, id: string): Promise<T | undefined> {
    const row = this.byId.get(account, id) as Row | undefined;
    return row ? (JSON.parse(row.doc) as T) : undefined;
  }

  async list(account: AccountKey, filter: F, options: ListOptions): Promise<ListResult<T>> {
    const clauses: FilterClause[] = [{ sql: 'account = ?', params: [account] }, ...this.compileFilter(filter)];
    if (options.after !== undefined) clauses.push({ sql: 'seq < ?', params: [options.after] });
    const where = clauses.map((c) => `(${c.sql})`).join(' AND ');
    const params = clauses.flatMap((c) => c.params);
    // One row more than asked tells whether another page exists without a COUNT.
    const rows = this.statement(`SELECT seq, doc FROM ${this.table} WHERE ${where} ORDER BY seq DESC LIMIT ?`)
      .all(...params, options.count + 1) as Row[];
    const page = rows.slice(0, options.count);
    return {
      items: page.map((r) => JSON.parse(r.doc) as T),
      next: rows.length > options.count ? page[page.length - 1]!.seq : undefined,
    };
  }

  /** Replaces a stored document in place (only for the mutable fields of images). */
  async update(account: AccountKey, doc: T): Promise<void> {
    const result = this.replace.run(JSON.stringify(doc), account, doc.id);
    if (result.changes !== 1) throw new Error(`${this.table} row ${doc.id} does not exist`);
  }
}
