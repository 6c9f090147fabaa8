/**
 * The filters shared with the SQLite side are written with `?` placeholders; PostgreSQL numbers its own ($1, $2...).
 * Renumbers them in order, starting after the `offset` parameters already bound. No SQL of ours uses a literal `?`
 * (not even jsonb's `?` operator), so every one is a placeholder.
 */
export function numberPlaceholders(sql: string, offset = 0): string {
  let n = offset;
  return sql.replace(/\?/g, () => `$${++n}`);
}
