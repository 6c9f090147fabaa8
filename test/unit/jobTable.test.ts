import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { StoredJob } from '../../src/server/batch/jobRecord';
import { openDatabase } from '../../src/server/store/sqlite/openDatabase';
import { jobTable } from '../../src/server/store/sqlite/jobTable';

const ACCOUNT = 'local/local/default';

function job(id: string, endpointId: string): StoredJob {
  return {
    doc: { id, account: ACCOUNT, endpointId, state: 'NotStarted', details: null, createdAt: '2026-01-01T00:00:00Z', startedAt: null, endedAt: null, rowsDone: 0, rowsTotal: null, attempts: 0, outputs: null },
    request: { Input: { ConnectionString: 'AccountName=a;AccountKey=secret', RelativeLocation: 'c/b.csv' } },
  };
}

describe('job table', () => {
  let folder: string;
  let db: ReturnType<typeof openDatabase>;
  beforeEach(async () => {
    folder = await fs.mkdtemp(path.join(os.tmpdir(), 'modelbay-jobs-'));
    db = openDatabase(path.join(folder, 'store.sqlite'));
  });
  afterEach(async () => {
    db.close();
    await fs.rm(folder, { recursive: true, force: true });
  });

  it('starts a job once, guards updates to running jobs and pages newest first', async () => {
    const jobs = jobTable(db);
    for (const id of ['j1', 'j2', 'j3']) await jobs.create(job(id, 'e1'));
    const started = await jobs.start('e1', 'j1', '2026-01-01T00:00:01Z');
    assert.equal(started.kind, 'started');
    assert.deepEqual(await jobs.start('e1', 'j1', 'later'), { kind: 'notStartable', state: 'Running' });
    assert.deepEqual(await jobs.start('e2', 'j1', 'later'), { kind: 'absent' }, 'a job is found only under its endpoint');
    assert.deepEqual((await jobs.listRunning()).map((j) => j.doc.id), ['j1']);
    assert.equal(await jobs.updateRunning({ ...job('j2', 'e1').doc, state: 'Finished' }), false, 'a job not Running is not overwritten');
    const running = started.kind === 'started' ? started.job.doc : undefined;
    assert.equal(await jobs.updateRunning({ ...running!, state: 'Finished', rowsDone: 3 }), true);
    assert.equal((await jobs.get('e1', 'j1'))?.doc.rowsDone, 3);
    const first = await jobs.list('e1', { count: 2 });
    assert.deepEqual(first.items.map((d) => d.id), ['j3', 'j2']);
    assert.deepEqual((await jobs.list('e1', { count: 2, after: first.next })).items.map((d) => d.id), ['j1']);
  });

  it('removes an endpoint’s jobs (and the storage keys they hold) with the endpoint', async () => {
    const jobs = jobTable(db);
    db.prepare('INSERT INTO endpoints (id, account, service_id, name, doc, keys) VALUES (?, ?, ?, ?, ?, ?)').run('e1', ACCOUNT, 's1', 'default', '{}', '{}');
    await jobs.create(job('j1', 'e1'));
    await jobs.create(job('j2', 'e2'));
    db.prepare('DELETE FROM endpoints WHERE id = ?').run('e1');
    assert.equal(await jobs.get('e1', 'j1'), undefined);
    assert.ok(await jobs.get('e2', 'j2'), 'other endpoints keep theirs');
  });
});
