import type { Pool } from 'pg';
import type { QuotaCounterRepository, QuotaDelta } from '../repositories';
import { inTransaction } from './transaction';

type Row = { endpoint_id: string; window_start: string; calls: string; bytes: string };

/** Quota counts, one row per endpoint; a batch of deltas is added in one transaction, so it lands whole or not at all. */
export function quotaCounterTable(pool: Pool): QuotaCounterRepository {
  return {
    async list() {
      const { rows } = await pool.query<Row>('SELECT endpoint_id, window_start, calls, bytes FROM quota_counters');
      return rows.map((row) => ({ endpointId: row.endpoint_id, windowStart: Number(row.window_start), calls: Number(row.calls), bytes: Number(row.bytes) }));
    },
    async add(deltas, now) {
      // One delta per endpoint (an upsert may not touch a row twice in one statement): a batch's deltas of one endpoint summed.
      const merged = new Map<string, QuotaDelta>();
      for (const d of deltas) {
        const seen = merged.get(d.endpointId);
        merged.set(d.endpointId, seen ? { ...d, calls: seen.calls + d.calls, bytes: seen.bytes + d.bytes } : d);
      }
      // In one order on every instance: two instances' batches locking the same rows cannot deadlock.
      const list = [...merged.values()].sort((a, b) => (a.endpointId < b.endpointId ? -1 : a.endpointId > b.endpointId ? 1 : 0));
      if (list.length === 0) return;
      // Only for an endpoint that still exists: a count flushed after its endpoint went would be left behind. A stored
      // window that has ended is replaced by the delta's window and counts; adds from several instances queue on the
      // row's lock, so none is lost.
      await inTransaction(pool, async (client) => {
        for (const d of list) {
          await client.query(
            `INSERT INTO quota_counters AS q (endpoint_id, window_start, calls, bytes)
             SELECT $1, $2, greatest($3::bigint, 0), greatest($4::bigint, 0) WHERE EXISTS (SELECT 1 FROM endpoints e WHERE e.id = $1)
             ON CONFLICT (endpoint_id) DO UPDATE SET
               window_start = CASE WHEN $5::bigint > 0 AND q.window_start + $5::bigint <= $6::bigint THEN excluded.window_start ELSE q.window_start END,
               calls = CASE WHEN $5::bigint > 0 AND q.window_start + $5::bigint <= $6::bigint THEN excluded.calls ELSE greatest(q.calls + $3::bigint, 0) END,
               bytes = CASE WHEN $5::bigint > 0 AND q.window_start + $5::bigint <= $6::bigint THEN excluded.bytes ELSE greatest(q.bytes + $4::bigint, 0) END`,
            [d.endpointId, d.windowStart, d.calls, d.bytes, d.periodMs, now],
          );
        }
      });
    },
  };
}
