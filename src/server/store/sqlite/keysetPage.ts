import type Database from 'libsql';
import type { ListOptions, ListResult } from '../repositories';

/** A filter clause over a table's rows (every paged table has `seq` and `doc` columns). */
export interface FilterClause {
  sql: string;
  params: unknown[];
}

interface Row {
  seq: number;
  doc: string;
}

/**
 * One page of a table, newest first, keyed on its autoincrement `seq`: the page after `options.after` holds the rows
 * with a smaller seq, so rows added while a client pages never shift what it has not read yet. One row more than
 * asked tells whether another page exists, without a COUNT.
 */
export function keysetPage<T>(
  statement: (sql: string) => Database.Statement,
  table: string,
  filters: FilterClause[],
  options: ListOptions,
): ListResult<T> {
  const clauses = options.after === undefined ? filters : [...filters, { sql: 'seq < ?', params: [options.after] }];
  const where = clauses.length > 0 ? `WHERE ${clauses.map((c) => `(${c.sql})`).join(' AND ')}` : '';
  const rows = statement(`SELECT seq, doc FROM ${table} ${where} ORDER BY seq DESC LIMIT ?`).all(
    ...clauses.flatMap((c) => c.params),
    options.count + 1,
  ) as Row[];
  const page = rows.slice(0, options.count);
  return {
    items: page.map((r) => JSON.parse(r.doc) as T),
    next: rows.length > options.count ? page[page.length - 1]!.seq : undefined,
  };
}
