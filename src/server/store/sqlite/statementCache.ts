import type Database from 'libsql';

/**
 * Prepared statements for SQL built at run time (list queries, whose WHERE depends on the filters given). The
 * shapes are few (one per combination of filters), so each is prepared once and reused, not once per call.
 */
export function statementCache(db: Database.Database): (sql: string) => Database.Statement {
  const statements = new Map<string, Database.Statement>();
  return (sql) => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
}
