import type Database from 'libsql';
import type { RequestLogRecord } from '../../../api/schemas/requestLog';
import type { NewRequestLog, RequestLogLimits, RequestLogRepository } from '../repositories';
import { asPromise } from './asPromise';

type Row = { seq: number; doc: string };

/** Request logs, one row per record; its seq is its id, so a later record has a larger one. */
export function requestLogTable(db: Database.Database): RequestLogRepository {
  const insert = db.prepare(
    `INSERT INTO request_logs (endpoint_id, status, bytes, doc)
     SELECT ?1, ?2, ?3, ?4 WHERE EXISTS (SELECT 1 FROM endpoints WHERE id = ?1)`,
  );
  // The newest record that is past a bound (counting from the newest): it and every older one go.
  const firstBeyond = db.prepare(
    `SELECT seq FROM (
       SELECT seq, ROW_NUMBER() OVER newest AS n, SUM(bytes) OVER newest AS total
       FROM request_logs WHERE endpoint_id = ?1 WINDOW newest AS (ORDER BY seq DESC)
     ) WHERE n > ?2 OR total > ?3 ORDER BY seq DESC LIMIT 1`,
  );
  const dropUpTo = db.prepare('DELETE FROM request_logs WHERE endpoint_id = ? AND seq <= ?');
  const page = db.prepare('SELECT seq, doc FROM request_logs WHERE endpoint_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?');
  const errorPage = db.prepare('SELECT seq, doc FROM request_logs WHERE endpoint_id = ? AND seq < ? AND status >= 400 ORDER BY seq DESC LIMIT ?');
  const appendAll = db.transaction((records: readonly NewRequestLog[], limits: RequestLogLimits) => {
    const endpoints = new Set<string>();
    for (const { endpointId, record } of records) {
      const doc = JSON.stringify(record);
      insert.run(endpointId, record.status, Buffer.byteLength(doc), doc);
      endpoints.add(endpointId);
    }
    for (const endpointId of endpoints) {
      const beyond = firstBeyond.get(endpointId, limits.maxRecords, limits.maxBytes) as { seq: number } | undefined;
      if (beyond) dropUpTo.run(endpointId, beyond.seq);
    }
  });
  return {
    append(records, limits) {
      return asPromise(() => {
        if (records.length > 0) appendAll(records, limits);
      });
    },
    list(endpointId, filter, options) {
      return asPromise(() => {
        const rows = (filter.errorsOnly ? errorPage : page).all(endpointId, options.after ?? Number.MAX_SAFE_INTEGER, options.count + 1) as Row[];
        const items = rows.slice(0, options.count);
        return {
          items: items.map((row) => ({ id: String(row.seq), ...(JSON.parse(row.doc) as Omit<RequestLogRecord, 'id'>) })),
          next: rows.length > options.count ? Number(items[items.length - 1]!.seq) : undefined,
        };
      });
    },
  };
}
