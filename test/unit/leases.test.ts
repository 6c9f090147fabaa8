import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LeaseKeeper } from '../../src/server/instances/leaseKeeper';
import { openDatabase } from '../../src/server/store/sqlite/openDatabase';
import { leaseTable } from '../../src/server/store/sqlite/leaseTable';
import type { LeaseRepository } from '../../src/server/store/leaseRepository';

describe('leases: one instance does a piece of work, another takes it over when the lease ends', () => {
  let folder: string;
  let db: ReturnType<typeof openDatabase>;
  let leases: LeaseRepository;
  beforeEach(async () => {
    folder = await fs.mkdtemp(path.join(os.tmpdir(), 'modelbay-leases-'));
    db = openDatabase(path.join(folder, 'store.sqlite'));
    leases = leaseTable(db);
  });
  afterEach(async () => {
    db.close();
    await fs.rm(folder, { recursive: true, force: true });
  });

  it('lets one owner hold a resource until its lease ends, then another; the first learns it lost it', async () => {
    assert.equal(await leases.claim('job:1', 'a', 1_000, 0), true);
    assert.equal(await leases.claim('job:1', 'b', 1_500, 500), false, 'held by a until 1000');
    assert.equal(await leases.claim('job:1', 'a', 2_000, 600), true, 'the holder takes its own lease again (a restart)');
    assert.equal(await leases.claim('job:1', 'b', 3_000, 1_999), false);
    assert.equal(await leases.claim('job:1', 'b', 3_000, 2_001), true, 'ended: b takes it over');
    assert.deepEqual(await leases.renew('a', ['job:1'], 4_000), ['job:1'], 'a is told it no longer holds it');
    assert.deepEqual(await leases.renew('b', ['job:1'], 4_000), []);
    assert.equal(await leases.claim('job:1', 'a', 5_000, 3_500), false, 'the renewal moved b\'s lease on');
    await leases.release('job:1', 'a'); // not a's: nothing happens
    assert.equal(await leases.claim('job:1', 'a', 5_000, 3_500), false);
    await leases.release('job:1', 'b');
    assert.equal(await leases.claim('job:1', 'a', 5_000, 3_500), true, 'released: free at once');
  });

  it('gives a resource to exactly one of many owners claiming it at once', async () => {
    const owners = Array.from({ length: 20 }, (_, i) => `owner-${i}`);
    const won = await Promise.all(owners.map((owner) => leases.claim('operation:x', owner, Date.now() + 10_000, Date.now())));
    assert.equal(won.filter(Boolean).length, 1);
  });

  it('LeaseKeeper renews what it holds, and reports a lease another instance took while it stalled', async () => {
    const lost: string[] = [];
    const warnings: string[] = [];
    const keeper = new LeaseKeeper(leases, 'me', { warn: (_fields, message) => warnings.push(message) }, 150);
    keeper.onLost((resource) => lost.push(resource));
    assert.equal(await keeper.claim('job:kept'), true);
    assert.equal(await keeper.claim('job:taken'), true);
    // Another instance takes job:taken as if this one's lease had ended (its clock says so).
    assert.equal(await leases.claim('job:taken', 'other', Date.now() + 60_000, Date.now() + 1_000), true);
    keeper.start();
    try {
      await new Promise((r) => setTimeout(r, 400)); // two or more renewals, well past the 150 ms lease
      assert.deepEqual(lost, ['job:taken']);
      assert.equal(keeper.holds('job:kept'), true);
      assert.equal(await leases.claim('job:kept', 'other', Date.now() + 1_000, Date.now()), false, 'renewed: still held past its first 150 ms');
      assert.equal(warnings.length, 1);
    } finally {
      keeper.stop();
    }
  });
});
