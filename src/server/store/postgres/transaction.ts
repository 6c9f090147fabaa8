import type { Pool, PoolClient } from 'pg';

/** Whatever runs SQL: the pool (one statement, its own transaction) or a client inside a transaction. */
export type Queryable = Pool | PoolClient;

/**
 * Runs `body` inside BEGIN/COMMIT on one pooled connection, rolled back if it throws. A connection whose ROLLBACK
 * failed is destroyed, not handed back: it may still be inside the broken transaction.
 */
export async function inTransaction<T>(pool: Pool, body: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const result = await body(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch((rollbackError: unknown) => {
      broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
    });
    throw error;
  } finally {
    client.release(broken);
  }
}
