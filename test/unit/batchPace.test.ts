import * as assert from 'node:assert/strict';
import { BatchPace, MAX_BATCH_ROWS, TARGET_BATCH_MS } from '../../src/server/batch/batchPace';

describe('batch pace', () => {
  it('grows batches of a fast model up to the most rows, at most twofold per batch', () => {
    const pace = new BatchPace();
    const seen: number[] = [];
    for (let i = 0; i < 5; i++) {
      pace.answered(pace.rows, 5);
      seen.push(pace.rows);
    }
    assert.deepEqual(seen, [200, 400, MAX_BATCH_ROWS, MAX_BATCH_ROWS, MAX_BATCH_ROWS]);
  });

  it('shrinks batches of a slow model until one takes about the target time', () => {
    const pace = new BatchPace();
    for (let i = 0; i < 10; i++) pace.answered(pace.rows, pace.rows * 8); // 8 ms a row
    assert.equal(pace.rows, Math.round(TARGET_BATCH_MS / 8));
  });

  it('ignores a short last batch, and halves after a time-out', () => {
    const pace = new BatchPace();
    pace.answered(3, 1);
    assert.equal(pace.rows, 100);
    pace.timedOut(100);
    assert.equal(pace.rows, 50);
    pace.timedOut(1);
    assert.equal(pace.rows, 1);
  });
});
