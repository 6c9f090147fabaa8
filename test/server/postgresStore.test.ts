import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import type { Model } from '../../src/api/schemas';
import type { ListResult, ModelFilter, NewService, ServiceFilter, Store } from '../../src/server/store/repositories';
import { emptyFigures } from '../../src/server/usage/usageFigures';
import { PG_MIGRATIONS } from '../../src/server/store/postgres/migrations';
import { openPostgresStore } from '../../src/server/store/postgres/postgresStore';
import { openSqliteStore } from '../../src/server/store/sqlite/sqliteStore';
import { startPostgres, type PostgresServer } from './helpers/postgresServer';
import { startServiceProcess, type ServiceProcess } from './helpers/serviceProcess';
import { ensureDatabase, suitePostgresUrl } from './helpers/testStore';

const ACCOUNT = 'local/local/default';
const noIdleErrors = { onIdleError: (error: Error) => assert.fail(`a pooled connection failed: ${error.message}`) };

const model = (name: string, tags: string[]) => (identity: { id: string; version: number }): Model =>
  ({ ...identity, name, tags, mimeType: 'application/octet-stream', url: `asset:${name}`, createdAt: '2026-01-01T00:00:00.000Z' }) as unknown as Model;

/** Every page of a list, each as (name:version, tags) and the cursor it answered: what must match between stores. */
async function pages(store: Store, filter: ModelFilter, count: number): Promise<{ items: string[]; next?: number }[]> {
  const seen: { items: string[]; next?: number }[] = [];
  let after: number | undefined;
  for (;;) {
    const page: ListResult<Model> = await store.models.list(ACCOUNT, filter, { count, after });
    seen.push({ items: page.items.map((m) => `${m.name}:${m.version}:${(m.tags ?? []).join('+')}`), next: page.next });
    if (page.next === undefined) return seen;
    after = page.next;
  }
}

/**
 * The PostgreSQL store on its own, for what the service suite does not show: versions under concurrent
 * registrations from two pools (two instances), two services migrating one database at once, paging equal to
 * SQLite's. Uses the suite's server in a PostgreSQL run, else starts one of its own.
 */
describe('the PostgreSQL store', function () {
  this.timeout(120_000);
  let own: PostgresServer | undefined;
  let serverUrl: string;
  let databases = 0;
  const freshDatabase = () => ensureDatabase(serverUrl, `store_test_${process.pid}_${++databases}`);

  before(async () => {
    const shared = suitePostgresUrl();
    if (shared) serverUrl = shared;
    else {
      own = await startPostgres();
      serverUrl = own.url('postgres');
    }
  });
  after(async () => {
    await own?.stop();
  });

  it('numbers 20 concurrent registrations of one name through two separate pools 1..20, no gap, no duplicate', async () => {
    const url = await freshDatabase();
    const [a, b] = await Promise.all([openPostgresStore(url, noIdleErrors), openPostgresStore(url, noIdleErrors)]);
    try {
      const made = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? a : b).models.create(ACCOUNT, 'race', model('race', []))));
      assert.deepEqual(made.map((m) => m.version).sort((x, y) => x - y), Array.from({ length: 20 }, (_, i) => i + 1));
      const listed = await a.models.list(ACCOUNT, { name: 'race' }, { count: 100 });
      assert.deepEqual(listed.items.map((m) => m.version), Array.from({ length: 20 }, (_, i) => 20 - i), 'stored once each, newest first');
      // A deleted version's number is not given again, whichever pool registers next.
      const top = listed.items[0]!;
      assert.equal((await b.models.delete(ACCOUNT, top.id)).kind, 'deleted');
      assert.equal((await a.models.create(ACCOUNT, 'race', model('race', []))).version, 21);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('lets two service processes start on one new database together: one migrates, both serve', async () => {
    const url = await freshDatabase();
    const services: ServiceProcess[] = [];
    try {
      services.push(...(await Promise.all([startServiceProcess({ args: ['--store', url] }), startServiceProcess({ args: ['--store', url] })])));
      const [one, two] = services as [ServiceProcess, ServiceProcess];
      const client = new Client({ connectionString: url });
      await client.connect();
      try {
        const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
        assert.deepEqual(rows.map((r) => r.version), PG_MIGRATIONS.map((_, i) => i + 1), 'each migration applied once');
        const accounts = await client.query('SELECT key FROM accounts');
        assert.equal(accounts.rowCount, 1, 'the default account, put by both, stored once');
      } finally {
        await client.end();
      }
      const asset = await one.account.uploadAsset('m.bin', Buffer.from('m'));
      await one.account.registerModel({ name: 'shared', mimeType: 'application/octet-stream', url: asset.url });
      const seen = await two.account.listModels({ name: 'shared' });
      assert.deepEqual(seen.value.map((m) => m.version), [1], 'a model registered on one instance is listed by the other');
    } finally {
      await Promise.all(services.map((s) => s.stop()));
    }
  });

  it('pages exactly as the SQLite store does: same items, same order, same cursors', async () => {
    const folder = await fs.mkdtemp(path.join(os.tmpdir(), 'modelbay-paging-'));
    const sqlite = openSqliteStore(path.join(folder, 'modelbay.sqlite'));
    const postgres = await openPostgresStore(await freshDatabase(), noIdleErrors);
    try {
      const names = ['iris', 'mnist', 'iris', 'wine', 'iris', 'mnist', 'iris', 'wine', 'iris', 'mnist', 'iris', 'iris', 'wine'];
      for (const [i, name] of names.entries()) {
        const tags = i % 3 === 0 ? ['prod'] : i % 3 === 1 ? ['prod', 'fast'] : [];
        for (const store of [sqlite, postgres]) await store.models.create(ACCOUNT, name, model(name, tags));
      }
      // A hole in the middle: both stores skip it alike.
      for (const store of [sqlite, postgres]) {
        const fourth = (await store.models.list(ACCOUNT, { name: 'iris' }, { count: 100 })).items.find((m) => m.version === 4)!;
        assert.equal((await store.models.delete(ACCOUNT, fourth.id)).kind, 'deleted');
      }
      const filters: ModelFilter[] = [{}, { name: 'iris' }, { tag: 'prod' }, { tag: 'fast' }, { name: 'mnist', tag: 'prod' }, { name: 'none' }];
      for (const filter of filters) {
        for (const count of [1, 2, 5, 50]) {
          const expected = await pages(sqlite, filter, count);
          assert.deepEqual(await pages(postgres, filter, count), expected, `${JSON.stringify(filter)} by ${count}`);
        }
      }
      const all = await pages(postgres, {}, 50);
      assert.equal(all[0]!.items.length, names.length - 1);
    } finally {
      await postgres.close();
      await sqlite.close();
      await fs.rm(folder, { recursive: true, force: true });
    }
  });

  it('filters services as the SQLite store does (name, image, manifest, model id and model name), paged alike', async () => {
    const folder = await fs.mkdtemp(path.join(os.tmpdir(), 'modelbay-filters-'));
    const sqlite = openSqliteStore(path.join(folder, 'modelbay.sqlite'));
    const postgres = await openPostgresStore(await freshDatabase(), noIdleErrors);
    try {
      const listed = async (store: Store, filter: (ids: Record<string, string>) => ServiceFilter, ids: Record<string, string>) => {
        const names: string[] = [];
        let after: number | undefined;
        do {
          const page = await store.services.list(ACCOUNT, filter(ids), { count: 2, after });
          names.push(...page.items.map((s) => s.name), `|${page.next ?? ''}`);
          after = page.next;
        } while (after !== undefined);
        return names;
      };
      const made = await Promise.all(
        [sqlite, postgres].map(async (store) => {
          const ids: Record<string, string> = {};
          for (const name of ['iris', 'wine']) ids[name] = (await store.models.create(ACCOUNT, name, model(name, []))).id;
          for (const [i, [name, models]] of ([['s1', ['iris']], ['s2', ['wine']], ['s3', ['iris', 'wine']], ['s4', []], ['s5', ['iris']]] as const).entries()) {
            const image = { id: `img${i % 2}`, manifest: { id: `man${i % 3}`, name: `manifest${i % 3}`, modelIds: models.map((m) => ids[m]) } };
            const rows = {
              service: { id: `${name}-id`, name, imageId: image.id, image, computeResource: { id: i < 2 ? 'a' : 'b' } },
              endpoint: { id: `${name}-ep`, name: 'default', serviceId: `${name}-id` },
              keys: { primaryKey: 'p', secondaryKey: 's' },
              deployment: { id: `${name}-dep`, serviceId: `${name}-id` },
              operation: { account: ACCOUNT, status: { id: `${name}-op`, state: 'Running' }, work: { kind: 'deployService', serviceId: `${name}-id`, deploymentId: `${name}-dep`, attempts: 1 } },
            } as unknown as NewService;
            assert.equal(await store.services.create(ACCOUNT, rows), true);
          }
          return ids;
        }),
      );
      const filters: ((ids: Record<string, string>) => ServiceFilter)[] = [
        () => ({}),
        () => ({ serviceName: 's3' }),
        () => ({ imageId: 'img1' }),
        () => ({ manifestId: 'man0' }),
        () => ({ manifestName: 'manifest2' }),
        () => ({ computeResourceId: 'b' }),
        (ids) => ({ modelId: ids.iris }),
        () => ({ modelName: 'wine' }),
        () => ({ modelName: 'iris', imageId: 'img0' }),
        () => ({ modelName: 'nothing' }),
      ];
      for (const filter of filters) {
        assert.deepEqual(await listed(postgres, filter, made[1]!), await listed(sqlite, filter, made[0]!), JSON.stringify(filter(made[1]!)));
      }
      // Newest first, two a page, the cursor being the last row's seq (s3 was the third service written).
      assert.deepEqual(await listed(postgres, () => ({ modelName: 'iris' }), made[1]!), ['s5', 's3', '|3', 's1', '|']);
    } finally {
      await postgres.close();
      await sqlite.close();
      await fs.rm(folder, { recursive: true, force: true });
    }
  });

  it('adds usage written by two instances to one minute, losing no count', async () => {
    const url = await freshDatabase();
    const [a, b] = await Promise.all([openPostgresStore(url, noIdleErrors), openPostgresStore(url, noIdleErrors)]);
    try {
      // Only the columns the usage rows need: an endpoint that exists (rows of removed endpoints are skipped).
      const rows = {
        service: { id: 'svc', name: 'svc' },
        endpoint: { id: 'ep', name: 'default', serviceId: 'svc' },
        keys: { primaryKey: 'p', secondaryKey: 's' },
        deployment: { id: 'dep', serviceId: 'svc' },
        operation: { account: ACCOUNT, status: { id: 'op', state: 'Running' }, work: { kind: 'deployService', serviceId: 'svc', deploymentId: 'dep', attempts: 1 } },
      } as unknown as NewService;
      assert.equal(await a.services.create(ACCOUNT, rows), true);
      const minute = 60_000 * 29_000_000;
      const one = { ...emptyFigures(), total: 1, success: 1, rrs: 1 };
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          (i % 2 === 0 ? a : b).usage.add([
            { endpointId: 'ep', serviceId: 'svc', minute, figures: one },
            { endpointId: 'gone', serviceId: 'svc', minute, figures: one },
          ]),
        ),
      );
      const stored = await b.usage.list({ serviceId: 'svc' }, minute, minute + 60_000);
      assert.deepEqual(stored.map((r) => [r.endpointId, r.figures.total, r.figures.success]), [['ep', 20, 20]]);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('fails to open with "cannot reach PostgreSQL at host:port" and never shows the password', async () => {
    const url = new URL(serverUrl);
    const closedPort = Number(url.port) === 1 ? 2 : 1;
    await assert.rejects(openPostgresStore(`postgres://someone:s3cret-pw@127.0.0.1:${closedPort}/modelbay`, noIdleErrors), (error: Error) => {
      assert.match(error.message, new RegExp(`^cannot reach PostgreSQL at 127\\.0\\.0\\.1:${closedPort}: `));
      assert.ok(!error.message.includes('s3cret-pw'), error.message);
      return true;
    });
    // The service's start says the same and exits, with no password in what it printed.
    await assert.rejects(startServiceProcess({ args: ['--store', `postgres://someone:s3cret-pw@127.0.0.1:${closedPort}/modelbay`] }), (error: Error) => {
      assert.match(error.message, new RegExp(`cannot reach PostgreSQL at 127\\.0\\.0\\.1:${closedPort}: `));
      assert.ok(!error.message.includes('s3cret-pw'), error.message);
      return true;
    });
  });
});
