import * as assert from 'node:assert/strict';
import { PendingCalls } from '../../src/server/runtime/replica';
import type { ScoreResult } from '../../src/server/runtime/scoreRequest';

const ok = (text: string): ScoreResult => ({ ok: true, text });
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('PendingCalls: calls in flight on one replica, with one deadline timer', () => {
  it('answers a call with its result, and a call past its deadline with 504 and one onTimeout', async () => {
    const pending = new PendingCalls();
    const timedOut: number[] = [];
    const quick = pending.add(1000, () => timedOut.push(1));
    const slow = pending.add(60, () => timedOut.push(2));
    pending.settle(quick.id, ok('"a"'));
    assert.deepEqual(await quick.result, ok('"a"'));
    const late = await slow.result;
    assert.equal(late.ok, false);
    assert.equal(!late.ok && late.status, 504);
    assert.deepEqual(timedOut, [2]);
    assert.equal(pending.size, 0);
    pending.settle(slow.id, ok('"too late"')); // an answer after the timeout changes nothing
    assert.equal(pending.size, 0);
  });

  it('times out a later call whose earlier neighbour was answered (the timer moves on to the next deadline)', async () => {
    const pending = new PendingCalls();
    const first = pending.add(40, () => undefined);
    await wait(20);
    const second = pending.add(80, () => undefined);
    pending.settle(first.id, ok('1'));
    const started = performance.now();
    const result = await second.result;
    const waited = performance.now() - started;
    assert.equal(!result.ok && result.status, 504);
    // Not before its own deadline (about 80 ms after it was added, 20+ ms ago), and not much after it.
    assert.ok(waited >= 55, `timed out after ${waited.toFixed(0)} ms, before its deadline`);
    assert.ok(waited < 1000, `timed out after ${waited.toFixed(0)} ms`);
  });

  it('fails every call at once when the replica goes away', async () => {
    const pending = new PendingCalls();
    const calls = [pending.add(5000, () => undefined), pending.add(5000, () => undefined)];
    pending.failAll({ ok: false, status: 503, code: 'ReplicaUnavailable', message: 'gone' });
    for (const call of calls) assert.equal(((await call.result) as { status: number }).status, 503);
    assert.equal(pending.size, 0);
  });
});
