import type { Pool } from 'pg';
import type { RequestLogRecord } from '../../../api/schemas/requestLog';
import type { RequestLogRepository } from '../repositories';
import { inTransaction } from './transaction';

type Row = { seq: string; doc: Omit<RequestLogRecord, 'id'> };

/** Request logs, one row per record; its seq is its id, so a later record has a larger one. */
export function requestLogTable(pool: Pool): RequestLogRepository {
  return {
    async append(records, limits) {
      if (records.length === 0) return;
      await inTransaction(pool, async (client) => {
        const endpoints = new Set<string>();
        for (const { endpointId, record } of records) {
          const doc = JSON.stringify(record);
          await client.query(
            `INSERT INTO request_logs (endpoint_id, status, bytes, doc)
             SELECT $1, $2, $3, $4 WHERE EXISTS (SELECT 1 FROM endpoints WHERE id = $1)`,
            [endpointId, record.status, Buffer.byteLength(doc), doc],
          );
          endpoints.add(endpointId);
        }
        // Endpoints in one order on every instance: two instances trimming the same logs cannot deadlock.
        for (const endpointId of [...endpoints].sort()) {
          // The newest record that is past a bound (counting from the newest): it and every older one go.
          await client.query(
            `DELETE FROM request_logs WHERE endpoint_id = $1 AND seq <= (
               SELECT seq FROM (
                 SELECT seq, ROW_NUMBER() OVER newest AS n, SUM(bytes) OVER newest AS total
                 FROM request_logs WHERE endpoint_id = $1 WINDOW newest AS (ORDER BY seq DESC)
               ) AS ranked WHERE n > $2 OR total > $3 ORDER BY seq DESC LIMIT 1)`,
            [endpointId, limits.maxRecords, limits.maxBytes],
          );
        }
      });
    },
    async list(endpointId, filter, options) {
      const errors = filter.errorsOnly ? 'AND status >= 400' : '';
      const { rows } = await pool.query<Row>(`SELECT seq, doc FROM request_logs WHERE endpoint_id = $1 AND seq < $2 ${errors} ORDER BY seq DESC LIMIT $3`, [
        endpointId,
        options.after ?? Number.MAX_SAFE_INTEGER,
        options.count + 1,
      ]);
      const items = rows.slice(0, options.count);
      return {
        items: items.map((row) => ({ id: String(Number(row.seq)), ...row.doc })),
        next: rows.length > options.count ? Number(items[items.length - 1]!.seq) : undefined,
      };
    },
  };
}
