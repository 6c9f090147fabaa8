import type { Pool } from 'pg';
import type { ChangeRepository, StoreChange } from '../changeRepository';

type Row = { seq: string; kind: StoreChange['kind']; account: string; id: string };

/**
 * The change feed, filled by the triggers of the endpoints and services tables. The trigger makes writers of the
 * feed take turns until they commit (a transaction-level advisory lock), so seqs become visible in order and a
 * reader that has seen seq n never later finds a smaller one committed.
 */
export function changeTable(pool: Pool): ChangeRepository {
  return {
    async latest() {
      const { rows } = await pool.query<{ seq: string | null }>('SELECT max(seq) AS seq FROM changes');
      return Number(rows[0]?.seq ?? 0);
    },
    async after(seq, limit) {
      const { rows } = await pool.query<Row>('SELECT seq, kind, account, id FROM changes WHERE seq > $1 ORDER BY seq LIMIT $2', [seq, limit]);
      return rows.map((row) => ({ ...row, seq: Number(row.seq) }));
    },
    async prune(beforeMs) {
      await pool.query('DELETE FROM changes WHERE at < $1', [beforeMs]);
    },
  };
}
