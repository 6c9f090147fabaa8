import * as assert from 'node:assert/strict';
import { ModelbayOperationError, pollOperation } from '../../src/api/client';
import type { AsyncOperationStatus } from '../../src/api/schemas';

const status = (state: AsyncOperationStatus['state']): AsyncOperationStatus => ({
  id: 'op1',
  operationType: 'Image',
  state,
  createdTime: '2026-01-01T00:00:00Z',
  ...(state === 'Failed' ? { error: { code: 'AssetMissing', message: 'gone' } } : {}),
});

describe('operation polling', () => {
  it('polls until Succeeded, reporting each state', async () => {
    const states = ['NotStarted', 'Running', 'Running', 'Succeeded'] as const;
    let i = 0;
    const seen: string[] = [];
    const final = await pollOperation(() => Promise.resolve(status(states[i++]!)), { intervalMs: 1, onUpdate: (s) => seen.push(s.state) });
    assert.equal(final.state, 'Succeeded');
    assert.deepEqual(seen, [...states]);
  });

  it('rejects with the service error when the operation Failed', async () => {
    await assert.rejects(pollOperation(() => Promise.resolve(status('Failed')), { intervalMs: 1 }), (e: ModelbayOperationError) => {
      return e.state === 'Failed' && e.error?.code === 'AssetMissing' && /AssetMissing: gone/.test(e.message);
    });
  });

  it('gives up after its time limit', async () => {
    await assert.rejects(pollOperation(() => Promise.resolve(status('Running')), { intervalMs: 5, timeoutMs: 30 }), /still Running/);
  });
});
