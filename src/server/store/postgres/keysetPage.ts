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
  const where = (list: FilterClause[]) => (list.length > 0 ? `WHERE ${list.map((c) => `(${c.sql})`).join(' AND ')}` : '');
  // A filter on the document (a tag, a model id in a manifest) has no statistics: PostgreSQL guesses it matches 1% of
  // the rows, reads them all and sorts, 40 ms for 10,000 models when every one matches. Those filters are applied
  // to the rows read newest first from the seq index instead (OFFSET 0 keeps the planner from merging the two), so
  // a page stops after count + 1 matches, as on SQLite. The inner rows keep the table's name, so a filter naming
  // it (services.doc in the modelName filter's subquery) still finds them.
  const onDocument = clauses.filter((c) => /\bdoc\b/.test(c.sql));
  const onColumns = clauses.filter((c) => !onDocument.includes(c));
  const sql =
    onDocument.length === 0
      ? `SELECT seq, doc FROM ${table} ${where(clauses)} ORDER BY seq DESC LIMIT ?`
      : `SELECT seq, doc FROM (SELECT seq, doc FROM ${table} ${where(onColumns)} ORDER BY seq DESC OFFSET 0) AS ${table} ${where(onDocument)} ORDER BY seq DESC LIMIT ?`;
  const params = [...onColumns.flatMap((c) => c.params), ...onDocument.flatMap((c) => c.params), options.count + 1];
  const { rows } = await db.query<{ seq: string; doc: T }>(numberPlaceholders(sql), params);
  const page = rows.slice(0, options.count);
  return {
    items: page.map((r) => r.doc),
    // bigint columns arrive as strings; a cursor is a number in the interface (and far below 2^53).
    next: rows.length > options.count ? Number(page[page.length - 1]!.seq) : undefined,
  };
}
