import type Database from 'libsql';
import type { QuotaCounterRepository, QuotaDelta } from '../repositories';
import { asPromise } from './asPromise';

type Row = { endpoint_id: string; window_start: number; calls: number; bytes: number };

/** Quota counts, one row per endpoint; a batch of deltas is added in one transaction. */
export function quotaCounterTable(db: Database.Database): QuotaCounterRepository {
  const all = db.prepare('SELECT endpoint_id, window_start, calls, bytes FROM quota_counters');
  // Only for an endpoint that still exists: a count flushed after its endpoint went would be left behind. A stored
  // window that has ended (?5 > 0 and its start + ?5 <= ?6) is replaced by the delta's window and counts.
  const add = db.prepare(
    `INSERT INTO quota_counters (endpoint_id, window_start, calls, bytes)
     SELECT ?1, ?2, max(?3, 0), max(?4, 0) WHERE EXISTS (SELECT 1 FROM endpoints WHERE id = ?1)
     ON CONFLICT (endpoint_id) DO UPDATE SET
       window_start = CASE WHEN ?5 > 0 AND quota_counters.window_start + ?5 <= ?6 THEN excluded.window_start ELSE quota_counters.window_start END,
       calls = CASE WHEN ?5 > 0 AND quota_counters.window_start + ?5 <= ?6 THEN excluded.calls ELSE max(quota_counters.calls + ?3, 0) END,
       bytes = CASE WHEN ?5 > 0 AND quota_counters.window_start + ?5 <= ?6 THEN excluded.bytes ELSE max(quota_counters.bytes + ?4, 0) END`,
  );
  const addAll = db.transaction((deltas: readonly QuotaDelta[], now: number) => {
    for (const d of deltas) add.run(d.endpointId, d.windowStart, d.calls, d.bytes, d.periodMs, now);
  });
  return {
    list() {
      return asPromise(() =>
        (all.all() as Row[]).map((row) => ({ endpointId: row.endpoint_id, windowStart: Number(row.window_start), calls: Number(row.calls), bytes: Number(row.bytes) })),
      );
    },
    add(deltas, now) {
      return asPromise(() => {
        addAll(deltas, now);
      });
    },
  };
}
