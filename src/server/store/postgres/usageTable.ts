import type { Pool } from 'pg';
import { mergeFigures, type StoredFigures } from '../../usage/usageFigures';
import type { UsageMinuteRow, UsageRepository } from '../repositories';
import { inTransaction } from './transaction';

type Row = { endpoint_id: string; service_id: string; minute: string; figures: StoredFigures };

const toRow = (row: Row): UsageMinuteRow => ({ endpointId: row.endpoint_id, serviceId: row.service_id, minute: Number(row.minute), figures: row.figures });

/**
 * Usage minutes, one row per endpoint and minute. Several instances add to the same minute: a row is created by an
 * insert that does nothing on a clash, else locked and added to, so no instance's counts overwrite another's.
 */
export function usageTable(pool: Pool): UsageRepository {
  return {
    async add(rows) {
      if (rows.length === 0) return;
      // Rows in one order on every instance: two batches locking the same minutes cannot deadlock.
      const ordered = [...rows].sort((a, b) => (a.endpointId < b.endpointId ? -1 : a.endpointId > b.endpointId ? 1 : a.minute - b.minute));
      await inTransaction(pool, async (client) => {
        for (const row of ordered) {
          // Only for an endpoint that still exists: usage flushed after its endpoint went would be left behind.
          const inserted = await client.query(
            `INSERT INTO usage_minutes (endpoint_id, service_id, minute, figures)
             SELECT $1, $2, $3, $4 WHERE EXISTS (SELECT 1 FROM endpoints WHERE id = $1)
             ON CONFLICT (endpoint_id, minute) DO NOTHING`,
            [row.endpointId, row.serviceId, row.minute, JSON.stringify(row.figures)],
          );
          if (inserted.rowCount === 1) continue;
          const { rows: stored } = await client.query<{ figures: StoredFigures }>(
            'SELECT figures FROM usage_minutes WHERE endpoint_id = $1 AND minute = $2 FOR UPDATE',
            [row.endpointId, row.minute],
          );
          if (!stored[0]) continue;
          await client.query('UPDATE usage_minutes SET figures = $1 WHERE endpoint_id = $2 AND minute = $3', [
            JSON.stringify(mergeFigures(stored[0].figures, row.figures)),
            row.endpointId,
            row.minute,
          ]);
        }
      });
    },
    async list(filter, from, to) {
      const { rows } =
        filter.endpointId === undefined
          ? await pool.query<Row>('SELECT endpoint_id, service_id, minute, figures FROM usage_minutes WHERE service_id = $1 AND minute >= $2 AND minute < $3 ORDER BY minute', [
              filter.serviceId,
              from,
              to,
            ])
          : await pool.query<Row>(
              'SELECT endpoint_id, service_id, minute, figures FROM usage_minutes WHERE service_id = $1 AND endpoint_id = $2 AND minute >= $3 AND minute < $4 ORDER BY minute',
              [filter.serviceId, filter.endpointId, from, to],
            );
      return rows.map(toRow);
    },
    async prune(before) {
      await pool.query('DELETE FROM usage_minutes WHERE minute < $1', [before]);
    },
  };
}
