import type Database from 'libsql';
import type { JobSubmitRequest } from '../../../api/schemas';
import type { JobDoc, JobRepository, StoredJob } from '../../batch/jobRecord';
import { asPromise } from './asPromise';
import { keysetPage } from './keysetPage';
import { statementCache } from './statementCache';

type Row = { doc: string; request: string };

const toJob = (row: Row): StoredJob => ({ doc: JSON.parse(row.doc) as JobDoc, request: JSON.parse(row.request) as JobSubmitRequest });

/** Batch jobs: one row each, the answered doc and the submit body in separate columns. */
export function jobTable(db: Database.Database): JobRepository {
  const insert = db.prepare('INSERT INTO jobs (id, account, endpoint_id, state, doc, request) VALUES (?, ?, ?, ?, ?, ?)');
  const byId = db.prepare('SELECT doc, request FROM jobs WHERE endpoint_id = ? AND id = ?');
  const replace = db.prepare('UPDATE jobs SET state = ?, doc = ? WHERE id = ? AND state = ?');
  const remove = db.prepare('DELETE FROM jobs WHERE endpoint_id = ? AND id = ?');
  const running = db.prepare("SELECT doc, request FROM jobs WHERE state = 'Running' ORDER BY seq");
  const statement = statementCache(db);
  const read = (endpointId: string, id: string) => {
    const row = byId.get(endpointId, id) as Row | undefined;
    return row ? toJob(row) : undefined;
  };
  return {
    create({ doc, request }) {
      return asPromise(() => {
        insert.run(doc.id, doc.account, doc.endpointId, doc.state, JSON.stringify(doc), JSON.stringify(request));
      });
    },
    get(endpointId, id) {
      return asPromise(() => read(endpointId, id));
    },
    list(endpointId, options) {
      return asPromise(() => keysetPage<JobDoc>(statement, 'jobs', [{ sql: 'endpoint_id = ?', params: [endpointId] }], options));
    },
    start(endpointId, id, startedAt) {
      return asPromise(
        db.transaction(() => {
          const job = read(endpointId, id);
          if (!job) return { kind: 'absent' as const };
          if (job.doc.state !== 'NotStarted') return { kind: 'notStartable' as const, state: job.doc.state };
          const doc: JobDoc = { ...job.doc, state: 'Running', startedAt };
          replace.run(doc.state, JSON.stringify(doc), id, 'NotStarted');
          return { kind: 'started' as const, job: { ...job, doc } };
        }),
      );
    },
    updateRunning(doc) {
      return asPromise(() => replace.run(doc.state, JSON.stringify(doc), doc.id, 'Running').changes > 0);
    },
    delete(endpointId, id) {
      return asPromise(() => remove.run(endpointId, id).changes > 0);
    },
    listRunning() {
      return asPromise(() => (running.all() as Row[]).map(toJob));
    },
  };
}
