import type { Pool } from 'pg';
import type { JobSubmitRequest } from '../../../api/schemas';
import type { JobDoc, JobRepository, StoredJob } from '../../batch/jobRecord';
import { keysetPage } from './keysetPage';
import { inTransaction } from './transaction';

type Row = { doc: JobDoc; request: JobSubmitRequest };

/** Batch jobs: one row each, the answered doc and the submit body in separate columns. */
export function jobTable(pool: Pool): JobRepository {
  const replace = 'UPDATE jobs SET state = $1, doc = $2 WHERE id = $3 AND state = $4';
  return {
    async create({ doc, request }) {
      await pool.query('INSERT INTO jobs (id, account, endpoint_id, state, doc, request) VALUES ($1, $2, $3, $4, $5, $6)', [
        doc.id,
        doc.account,
        doc.endpointId,
        doc.state,
        JSON.stringify(doc),
        JSON.stringify(request),
      ]);
    },
    async get(endpointId, id) {
      const { rows } = await pool.query<Row>('SELECT doc, request FROM jobs WHERE endpoint_id = $1 AND id = $2', [endpointId, id]);
      return rows[0];
    },
    list(endpointId, options) {
      return keysetPage<JobDoc>(pool, 'jobs', [{ sql: 'endpoint_id = ?', params: [endpointId] }], options);
    },
    start(endpointId, id, startedAt) {
      // The row is locked while it is read and rewritten: of two starts on two instances, the second sees Running.
      return inTransaction(pool, async (client) => {
        const { rows } = await client.query<Row>('SELECT doc, request FROM jobs WHERE endpoint_id = $1 AND id = $2 FOR UPDATE', [endpointId, id]);
        const job: StoredJob | undefined = rows[0];
        if (!job) return { kind: 'absent' as const };
        if (job.doc.state !== 'NotStarted') return { kind: 'notStartable' as const, state: job.doc.state };
        const doc: JobDoc = { ...job.doc, state: 'Running', startedAt };
        await client.query(replace, [doc.state, JSON.stringify(doc), id, 'NotStarted']);
        return { kind: 'started' as const, job: { ...job, doc } };
      });
    },
    async updateRunning(doc) {
      const result = await pool.query(replace, [doc.state, JSON.stringify(doc), doc.id, 'Running']);
      return (result.rowCount ?? 0) > 0;
    },
    async delete(endpointId, id) {
      const result = await pool.query('DELETE FROM jobs WHERE endpoint_id = $1 AND id = $2', [endpointId, id]);
      return (result.rowCount ?? 0) > 0;
    },
    async listRunning() {
      const { rows } = await pool.query<Row>("SELECT doc, request FROM jobs WHERE state = 'Running' ORDER BY seq");
      return rows;
    },
  };
}
