import type { Pool } from 'pg';
import type { OperationRecord, OperationRepository } from '../repositories';
import type { Queryable } from './transaction';

type Row = { account: string; doc: OperationRecord['status']; work: OperationRecord['work'] };

const toRecord = (row: Row): OperationRecord => ({ account: row.account, status: row.doc, work: row.work });

/** Writes an operation's row, on the pool or inside another repository's transaction (image, service). */
export async function insertOperation(db: Queryable, record: OperationRecord): Promise<void> {
  await db.query('INSERT INTO operations (id, account, state, doc, work) VALUES ($1, $2, $3, $4, $5)', [
    record.status.id,
    record.account,
    record.status.state,
    JSON.stringify(record.status),
    JSON.stringify(record.work),
  ]);
}

export function operationTable(pool: Pool): OperationRepository {
  return {
    create: (record) => insertOperation(pool, record),
    async get(account, id) {
      const { rows } = await pool.query<Row>('SELECT account, doc, work FROM operations WHERE account = $1 AND id = $2', [account, id]);
      return rows[0] ? toRecord(rows[0]) : undefined;
    },
    async update(record) {
      await pool.query('UPDATE operations SET state = $1, doc = $2, work = $3 WHERE account = $4 AND id = $5', [
        record.status.state,
        JSON.stringify(record.status),
        JSON.stringify(record.work),
        record.account,
        record.status.id,
      ]);
    },
    async listUnfinished() {
      const { rows } = await pool.query<Row>("SELECT account, doc, work FROM operations WHERE state IN ('NotStarted', 'Running') ORDER BY seq");
      return rows.map(toRecord);
    },
  };
}
