import type Database from 'libsql';
import type { QuotaCounterRepository, QuotaCounterRow } from '../repositories';
import { asPromise } from './asPromise';

type Row = { endpoint_id: string; window_start: number; calls: number; bytes: number };

/** Quota counts, one row per endpoint; a batch of rows is written in one transaction. */
export function quotaCounterTable(db: Database.Database): QuotaCounterRepository {
  const all = db.prepare('SELECT endpoint_id, window_start, calls, bytes FROM quota_counters');
  // Only for an endpoint that still exists: a count flushed after its endpoint went would be left behind.
  const upsert = db.prepare(
    `INSERT INTO quota_counters (endpoint_id, window_start, calls, bytes)
     SELECT ?1, ?2, ?3, ?4 WHERE EXISTS (SELECT 1 FROM endpoints WHERE id = ?1)
     ON CONFLICT (endpoint_id) DO UPDATE SET window_start = excluded.window_start, calls = excluded.calls, bytes = excluded.bytes`,
  );
  const saveAll = db.transaction((rows: readonly QuotaCounterRow[]) => {
    for (const row of rows) upsert.run(row.endpointId, row.windowStart, row.calls, row.bytes);
  });
  return {
    list() {
      return asPromise(() =>
        (all.all() as Row[]).map((row) => ({ endpointId: row.endpoint_id, windowStart: Number(row.window_start), calls: Number(row.calls), bytes: Number(row.bytes) })),
      );
    },
    save(rows) {
      return asPromise(() => {
        saveAll(rows);
      });
    },
  };
}
