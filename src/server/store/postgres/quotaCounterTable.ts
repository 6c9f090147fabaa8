import type { Pool } from 'pg';
import type { QuotaCounterRepository, QuotaCounterRow } from '../repositories';

type Row = { endpoint_id: string; window_start: string; calls: string; bytes: string };

/** Quota counts, one row per endpoint; a batch is written by one statement, so it lands whole or not at all. */
export function quotaCounterTable(pool: Pool): QuotaCounterRepository {
  return {
    async list() {
      const { rows } = await pool.query<Row>('SELECT endpoint_id, window_start, calls, bytes FROM quota_counters');
      return rows.map((row) => ({ endpointId: row.endpoint_id, windowStart: Number(row.window_start), calls: Number(row.calls), bytes: Number(row.bytes) }));
    },
    async save(rows) {
      // One row per endpoint, the batch's last (SQLite's loop of upserts keeps the last too); an upsert may not touch a
      // row twice in one statement.
      const latest = [...new Map(rows.map((row): [string, QuotaCounterRow] => [row.endpointId, row])).values()];
      if (latest.length === 0) return;
      // Only for an endpoint that still exists: a count flushed after its endpoint went would be left behind.
      await pool.query(
        `INSERT INTO quota_counters (endpoint_id, window_start, calls, bytes)
         SELECT r.endpoint_id, r.window_start, r.calls, r.bytes
           FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::bigint[]) AS r (endpoint_id, window_start, calls, bytes)
          WHERE EXISTS (SELECT 1 FROM endpoints e WHERE e.id = r.endpoint_id)
         ON CONFLICT (endpoint_id) DO UPDATE SET window_start = excluded.window_start, calls = excluded.calls, bytes = excluded.bytes`,
        [latest.map((r) => r.endpointId), latest.map((r) => r.windowStart), latest.map((r) => r.calls), latest.map((r) => r.bytes)],
      );
    },
  };
}
