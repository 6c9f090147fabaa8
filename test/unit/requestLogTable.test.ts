import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Endpoint } from '../../src/api/schemas';
import type { NewRequestLog, Store } from '../../src/server/store/repositories';
import { openSqliteStore } from '../../src/server/store/sqlite/sqliteStore';

const record = (endpointId: string, status: number, body = ''): NewRequestLog => ({
  endpointId,
  record: { time: new Date().toISOString(), endpointName: 'e', kind: 'RRS', method: 'POST', path: '/score/x', status, durationMs: 1, requestBytes: 0, responseBytes: 0, requestBody: body },
});

describe('the SQLite request log and usage tables', () => {
  let dir: string;
  let store: Store;
  const endpointId = '00000000-0000-0000-0000-000000000001';
  before(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'modelbay-logtable-'));
    store = openSqliteStore(path.join(dir, 'store.sqlite'));
    const endpoint = { id: endpointId, name: 'e', serviceId: 's1', serviceName: 's' } as Endpoint;
    assert.equal(await store.endpoints.create('local/local/default', endpoint, { primaryKey: 'p'.repeat(32), secondaryKey: 's'.repeat(32) }), true);
  });
  after(async () => {
    await store.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('keeps an endpoint\'s newest records within its bounds of count and bytes, and skips gone endpoints', async () => {
    const limits = { maxRecords: 10, maxBytes: 1_000_000 };
    await store.requestLogs.append(Array.from({ length: 15 }, (_, i) => record(endpointId, i % 3 === 0 ? 500 : 200)), limits);
    await store.requestLogs.append([record('00000000-0000-0000-0000-00000000dead', 200)], limits);
    const page = await store.requestLogs.list(endpointId, { errorsOnly: false }, { count: 100 });
    assert.equal(page.items.length, 10);
    assert.equal(page.next, undefined);
    const errors = await store.requestLogs.list(endpointId, { errorsOnly: true }, { count: 100 });
    assert.deepEqual(errors.items.map((r) => r.status), [500, 500, 500]); // of calls 6, 9 and 12 (0 and 3 went)

    // Bytes: three records of about 2 KB in a bound of 5 KB keep the newest two.
    const big = 'x'.repeat(2000);
    await store.requestLogs.append([record(endpointId, 200, `1${big}`), record(endpointId, 200, `2${big}`), record(endpointId, 200, `3${big}`)], { maxRecords: 10, maxBytes: 5000 });
    const left = await store.requestLogs.list(endpointId, { errorsOnly: false }, { count: 100 });
    assert.deepEqual(left.items.map((r) => r.requestBody?.[0]), ['3', '2']);
  });

  it('adds a minute written twice, and deletes usage and logs with their endpoint', async () => {
    const figures = { total: 2, success: 2, blocked: 0, throttled: 0, failed: 0, other: 0, rrs: 2, bes: 0, bytesIn: 10, bytesOut: 20 };
    const row = { endpointId, serviceId: 's1', minute: 60_000 * 1000, figures };
    await store.usage.add([row]);
    await store.usage.add([row, { ...row, endpointId: 'gone' }]);
    const rows = await store.usage.list({ serviceId: 's1' }, 0, Number.MAX_SAFE_INTEGER);
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.figures.total, 4);
    assert.equal(rows[0]!.figures.bytesOut, 40);
    await store.usage.add([{ ...row, minute: 0 }]);
    await store.usage.prune(60_000 * 1000);
    assert.deepEqual((await store.usage.list({ serviceId: 's1' }, 0, Number.MAX_SAFE_INTEGER)).map((r) => r.minute), [60_000 * 1000], 'older minutes go');
    assert.equal(await store.endpoints.delete('local/local/default', 's1', 'e'), true);
    assert.deepEqual(await store.usage.list({ serviceId: 's1' }, 0, Number.MAX_SAFE_INTEGER), []);
    assert.deepEqual((await store.requestLogs.list(endpointId, { errorsOnly: false }, { count: 100 })).items, []);
  });
});
