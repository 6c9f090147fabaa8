import type Database from 'libsql';
import type { UsageMinuteRow, UsageRepository } from '../repositories';
import { mergeFigures, type StoredFigures } from '../../usage/usageFigures';
import { asPromise } from './asPromise';

type Row = { endpoint_id: string; service_id: string; minute: number; figures: string };

const toRow = (row: Row): UsageMinuteRow => ({
  endpointId: row.endpoint_id,
  serviceId: row.service_id,
  minute: Number(row.minute),
  figures: JSON.parse(row.figures) as StoredFigures,
});

/** Usage minutes, one row per endpoint and minute; a batch is added to the stored rows in one transaction. */
export function usageTable(db: Database.Database): UsageRepository {
  const stored = db.prepare('SELECT figures FROM usage_minutes WHERE endpoint_id = ? AND minute = ?');
  // Only for an endpoint that still exists: usage flushed after its endpoint went would be left behind.
  const upsert = db.prepare(
    `INSERT INTO usage_minutes (endpoint_id, service_id, minute, figures)
     SELECT ?1, ?2, ?3, ?4 WHERE EXISTS (SELECT 1 FROM endpoints WHERE id = ?1)
     ON CONFLICT (endpoint_id, minute) DO UPDATE SET figures = excluded.figures`,
  );
  const ofService = db.prepare('SELECT endpoint_id, service_id, minute, figures FROM usage_minutes WHERE service_id = ? AND minute >= ? AND minute < ? ORDER BY minute');
  const ofEndpoint = db.prepare(
    'SELECT endpoint_id, service_id, minute, figures FROM usage_minutes WHERE service_id = ? AND endpoint_id = ? AND minute >= ? AND minute < ? ORDER BY minute',
  );
  const prune = db.prepare('DELETE FROM usage_minutes WHERE minute < ?');
  const addAll = db.transaction((rows: readonly UsageMinuteRow[]) => {
    for (const row of rows) {
      const before = stored.get(row.endpointId, row.minute) as { figures: string } | undefined;
      const figures = before ? mergeFigures(JSON.parse(before.figures) as StoredFigures, row.figures) : row.figures;
      upsert.run(row.endpointId, row.serviceId, row.minute, JSON.stringify(figures));
    }
  });
  return {
    add(rows) {
      return asPromise(() => {
        if (rows.length > 0) addAll(rows);
      });
    },
    list(filter, from, to) {
      return asPromise(() => {
        const rows = filter.endpointId === undefined ? ofService.all(filter.serviceId, from, to) : ofEndpoint.all(filter.serviceId, filter.endpointId, from, to);
        return (rows as Row[]).map(toRow);
      });
    },
    prune(before) {
      return asPromise(() => {
        prune.run(before);
      });
    },
  };
}
