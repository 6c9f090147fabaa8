import * as assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { ModelbayConnectionError, pollOperation } from '../../src/api/client';
import type { AsyncOperationStatus } from '../../src/api/schemas';

const status = (state: AsyncOperationStatus['state']): AsyncOperationStatus => ({ id: 'op1', operationType: 'Service', state, createdTime: '2026-01-01T00:00:00Z' });

// The extension's operation tracker follows operations with this same poll: these are the behaviours it relies on.
describe('operation polling as the extension follows operations', () => {
  it('waits through failed reads when told to (a service restarting), then ends with the final status', async () => {
    const reads: (AsyncOperationStatus | Error)[] = [status('Running'), new ModelbayConnectionError('refused', '/op'), new ModelbayConnectionError('refused', '/op'), status('Succeeded')];
    const failures: number[] = [];
    const final = await pollOperation(
      () => {
        const next = reads.shift()!;
        return next instanceof Error ? Promise.reject(next) : Promise.resolve(next);
      },
      { intervalMs: 1, retryRead: (_error, inARow) => (failures.push(inARow), true) },
    );
    assert.equal(final.state, 'Succeeded');
    assert.deepEqual(failures, [1, 2], 'told how many reads in a row failed');
  });

  it('rejects with the read error when not told to retry, or when the retry check says no', async () => {
    const refused = new ModelbayConnectionError('refused', '/op');
    await assert.rejects(pollOperation(() => Promise.reject(refused), { intervalMs: 1 }), refused);
    await assert.rejects(pollOperation(() => Promise.reject(refused), { intervalMs: 1, retryRead: () => false }), refused);
  });

  it('stops when its signal is aborted, also between a read and the next wait', async () => {
    const stop = new AbortController();
    let reads = 0;
    const poll = pollOperation(
      () => {
        reads++;
        if (reads === 3) stop.abort(new Error('the window is closing'));
        return Promise.resolve(status('Running'));
      },
      { intervalMs: 1, maxIntervalMs: 1, timeoutMs: Infinity, signal: stop.signal },
    );
    await assert.rejects(poll, /the window is closing/);
    assert.equal(reads, 3, 'no read after the abort');
  });

  it('leaves no abort listener behind for each wait (a poll may follow an operation for hours)', async () => {
    const stop = new AbortController();
    let reads = 0;
    await pollOperation(() => Promise.resolve(status(++reads === 20 ? 'Succeeded' : 'Running')), { intervalMs: 1, maxIntervalMs: 1, signal: stop.signal });
    assert.equal(getEventListeners(stop.signal, 'abort').length, 0);
  });

  it('backs off from 250 ms, doubling to 5 s, unless told otherwise', async () => {
    const times: number[] = [];
    const started = Date.now();
    let reads = 0;
    await pollOperation(() => {
      times.push(Date.now() - started);
      return Promise.resolve(status(++reads === 3 ? 'Succeeded' : 'Running'));
    });
    assert.ok(times[1]! >= 240 && times[1]! < 600, `second read after ~250 ms, was ${times[1]}`);
    assert.ok(times[2]! - times[1]! >= 490, `third read ~500 ms later, was ${times[2]! - times[1]!}`);
  });
});
