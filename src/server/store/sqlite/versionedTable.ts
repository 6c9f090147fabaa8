import { randomUUID } from 'node:crypto';
import type Database from 'libsql';
import { keysetPage, type FilterClause } from './keysetPage';
import { asPromise } from './asPromise';
import { statementCache } from './statementCache';
import type { AccountKey, DeleteOutcome, ListOptions, ListResult, VersionedRepository } from '../repositories';

/**
 * Rows that use a document: a SELECT taking (account, id) and answering `name` (and `version` where there is one),
 * each shown as `<label> <name>[:<version>]` in a delete's 409.
 */
export interface Dependents {
  label: string;
  sql: string;
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
  private readonly remove: Database.Statement;
  private readonly rememberDeleted: Database.Statement;
  private readonly statement: (sql: string) => Database.Statement;

  constructor(
    private readonly db: Database.Database,
    private readonly table: string,
    private readonly compileFilter: FilterCompiler<F>,
    private readonly dependents: readonly Dependents[] = [],
  ) {
    this.insert = db.prepare(`INSERT INTO ${table} (id, account, name, version, doc) VALUES (?, ?, ?, ?, ?)`);
    // The next version follows the highest one given, also when that one was deleted since.
    this.nextVersion = db.prepare(
      `SELECT MAX(COALESCE((SELECT MAX(version) FROM ${table} WHERE account = ?1 AND name = ?2), 0),
                  COALESCE((SELECT last FROM deleted_versions WHERE kind = '${table}' AND account = ?1 AND name = ?2), 0)) + 1 AS v`,
    );
    this.rememberDeleted = db.prepare(
      `INSERT INTO deleted_versions (kind, account, name, last) VALUES ('${table}', ?, ?, ?)
       ON CONFLICT (kind, account, name) DO UPDATE SET last = MAX(last, excluded.last)`,
    );
    this.byId = db.prepare(`SELECT seq, doc FROM ${table} WHERE account = ? AND id = ?`);
    this.replace = db.prepare(`UPDATE ${table} SET doc = ? WHERE account = ? AND id = ?`);
    this.remove = db.prepare(`DELETE FROM ${table} WHERE account = ? AND id = ?`);
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

  delete(account: AccountKey, id: string): Promise<DeleteOutcome<T>> {
    return asPromise(this.db.transaction((): DeleteOutcome<T> => {
      const row = this.byId.get(account, id) as Row | undefined;
      if (!row) return { kind: 'absent' };
      const doc = JSON.parse(row.doc) as T;
      const usedBy = this.dependents.flatMap(({ label, sql }) =>
        (this.statement(sql).all(account, id) as { name: string; version?: number | null }[]).map(
          (r) => `${label} ${r.name}${r.version === undefined || r.version === null ? '' : `:${r.version}`}`,
        ),
      );
      if (usedBy.length > 0) return { kind: 'inUse', doc, usedBy };
      this.remove.run(account, id);
      this.rememberDeleted.run(account, doc.name, doc.version);
      return { kind: 'deleted', doc };
    }));
  }

  /** Replaces a stored document in place (only for the mutable fields of images). */
  update(account: AccountKey, doc: T): Promise<void> {
    return asPromise(() => {
      const result = this.replace.run(JSON.stringify(doc), account, doc.id);
      if (result.changes !== 1) throw new Error(`${this.table} row ${doc.id} does not exist`);
    });
  }
}
