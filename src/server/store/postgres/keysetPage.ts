import type { ListOptions, ListResult } from '../repositories';
import { numberPlaceholders } from './placeholders';
import type { Queryable } from './transaction';

/** A filter clause over a table's rows, with `?` placeholders (every paged table has `seq` and `doc` columns). */
export interface FilterClause {
  sql: string;
  params: unknown[];
}

/**
 * One page of a table, newest first, keyed on its identity `seq`: the same order and the same cursors as the SQLite
 * store's keysetPage (the page after `options.after` holds the rows with a smaller seq). One row more than asked
 * tells whether another page exists, without a COUNT.
 */
export async function keysetPage<T>(db: Queryable, table: string, filters: FilterClause[], options: ListOptions): Promise<ListResult<T>> {
  const clauses = options.after === undefined ? filters : [...filters, { sql: 'seq < ?', params: [options.after] }];
  const where = clauses.length > 0 ? `WHERE ${clauses.map((c) => `(${c.sql})`).join(' AND ')}` : '';
  const params = [...clauses.flatMap((c) => c.params), options.count + 1];
  const { rows } = await db.query<{ seq: string; doc: T }>(numberPlaceholders(`SELECT seq, doc FROM ${table} ${where} ORDER BY seq DESC LIMIT ?`), params);
  const page = rows.slice(0, options.count);
  return {
    items: page.map((r) => r.doc),
    // bigint columns arrive as strings; a cursor is a number in the interface (and far below 2^53).
    next: rows.length > options.count ? Number(page[page.length - 1]!.seq) : undefined,
  };
}
