import * as assert from 'node:assert/strict';
import { outputFileName } from '../../src/extension/jobs/outputFileName';
import { isTrackedJob, jobProgress, jobTitle, type TrackedJob } from '../../src/extension/jobs/trackedJob';

const job: TrackedJob = { jobId: '92e30eea-2525-461f-b31e-73350c5d164e', accountId: 'local', serviceId: 's1', serviceName: 'iris', endpointName: 'default', endpointId: 'e1', label: 'iris.csv', inputPath: '/w/iris.csv', startedAt: 1 };

describe('batch jobs in words and file names', () => {
  it('an output is saved as <input>.<output>.<job>.<its extension>, nothing of it able to leave the folder', () => {
    assert.equal(outputFileName(job, 'output1', { RelativeLocation: '/6d17/92e30eea-output1.csv' }), 'iris.output1.92e30eea.csv');
    assert.equal(outputFileName({ ...job, label: 'rows.tsv' }, 'output1', { RelativeLocation: 'results/out' }), 'rows.output1.92e30eea.tsv', 'no extension of its own: the input\'s');
    assert.equal(outputFileName({ ...job, label: '../../etc/x.csv' }, '../evil', { RelativeLocation: 'c/o.csv?sig=1' }), 'x._evil.92e30eea.csv');
  });

  it('progress and titles', () => {
    assert.equal(jobProgress({ RowsDone: 40, RowsTotal: 150 }), '40/150 rows');
    assert.equal(jobProgress({ RowsDone: 500, RowsTotal: null }), '500 rows', 'the total is not known until the input was read to its end');
    assert.equal(jobTitle(job), 'iris.csv on iris/default');
  });

  it('remembered jobs are checked as read back from global state', () => {
    assert.equal(isTrackedJob(job), true);
    assert.equal(isTrackedJob({ ...job, inputPath: undefined }), true);
    assert.equal(isTrackedJob({ ...job, startedAt: '1' }), false);
    assert.equal(isTrackedJob({ ...job, jobId: undefined }), false);
    assert.equal(isTrackedJob(null), false);
  });
});
