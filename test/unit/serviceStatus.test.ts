import * as assert from 'node:assert/strict';
import { serviceStatus } from '../../src/extension/core/serviceStatus';

describe('service status words', () => {
  it('calls a service scaled to zero stopped, not running, and offers no scoring', () => {
    assert.deepEqual(serviceStatus({ state: 'Succeeded', numReplicas: 0, readyReplicas: 0 }), { word: 'stopped', summary: 'stopped · scaled to 0 replicas', tone: 'idle', scores: false });
    assert.deepEqual(serviceStatus({ state: 'Succeeded', numReplicas: 2, readyReplicas: 2 }), { word: 'running', summary: 'running · 2 replicas', tone: 'ok', scores: true });
    assert.equal(serviceStatus({ state: 'Succeeded', autoScaler: { autoscaleEnabled: true, minReplicas: 0, maxReplicas: 3 }, readyReplicas: 1 }).word, 'running');
  });

  it('names a failure by its code and never offers scoring for it', () => {
    const failed = serviceStatus({ state: 'Failed', numReplicas: 1, error: { code: 'CrashLoop', message: 'x' } });
    assert.equal(failed.summary, 'failed · CrashLoop');
    assert.equal(failed.scores, false);
    assert.equal(serviceStatus({ state: 'Running', numReplicas: 3 }).summary, 'deploying · 3 wanted');
  });
});
