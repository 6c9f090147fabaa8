import * as assert from 'node:assert/strict';
import { collect, ModelbayApiError } from '../../src/api/client';
import { registerModel } from './helpers/fixtures';
import { startServiceProcess, type ServiceProcess } from './helpers/serviceProcess';

describe('models', () => {
  let service: ServiceProcess;
  before(async () => {
    service = await startServiceProcess();
  });
  after(async () => {
    await service?.stop();
  });

  it('registers versions 1, 2, 3 of a name, each with its own id, and reads them back', async () => {
    const v1 = await registerModel(service.account, 'iris', 'one', ['prod']);
    const v2 = await registerModel(service.account, 'iris', 'two');
    const other = await registerModel(service.account, 'mnist', 'x');
    const v3 = await registerModel(service.account, 'iris', 'three', ['prod', 'prod', 'fast']);
    assert.deepEqual([v1.version, v2.version, v3.version, other.version], [1, 2, 3, 1]);
    assert.equal(new Set([v1.id, v2.id, v3.id]).size, 3);
    assert.deepEqual(v3.tags, ['prod', 'fast']);
    assert.deepEqual(await service.account.getModel(v2.id), v2);
  });

  it('filters by name and by tag', async () => {
    const byName = await collect(service.account.iterateModels({ name: 'iris' }));
    assert.deepEqual(byName.map((m) => m.version), [3, 2, 1], 'newest first');
    const byTag = await collect(service.account.iterateModels({ tag: 'prod' }));
    assert.deepEqual(byTag.map((m) => `${m.name}:${m.version}`), ['iris:3', 'iris:1']);
    assert.deepEqual((await service.account.listModels({ name: 'nothing' })).value, []);
  });

  it('numbers 50 simultaneous registrations of one name 1..50 with no gap or duplicate', async () => {
    const asset = await service.account.uploadAsset('w.bin', Buffer.from('w'));
    const models = await Promise.all(
      Array.from({ length: 50 }, () => service.account.registerModel({ name: 'race', mimeType: 'application/octet-stream', url: asset.url })),
    );
    assert.deepEqual(models.map((m) => m.version).sort((a, b) => a - b), Array.from({ length: 50 }, (_, i) => i + 1));
    const listed = await collect(service.account.iterateModels({ name: 'race' }));
    assert.equal(listed.length, 50);
  });

  it('refuses a URL that is not one of its own assets, naming it', async () => {
    for (const url of ['https://example.com/model.onnx', 'file:///etc/passwd', `${service.url}/api/subscriptions/local/resourceGroups/local/accounts/default/assets/nope`]) {
      await assert.rejects(
        service.account.registerModel({ name: 'bad', mimeType: 'a/b', url }),
        (e: ModelbayApiError) => e.statusCode === 400 && e.message.includes(url) && e.message.includes('body/url'),
        url,
      );
    }
    assert.deepEqual((await service.account.listModels({ name: 'bad' })).value, [], 'nothing stored');
  });

  it('answers 404 ModelNotFound for an unknown id', async () => {
    await assert.rejects(service.account.getModel('no-such-model'), (e: ModelbayApiError) => e.statusCode === 404 && e.code === 'ModelNotFound');
  });
});

describe('paging', () => {
  let service: ServiceProcess;
  before(async () => {
    service = await startServiceProcess();
  });
  after(async () => {
    await service?.stop();
  });

  it('walks every item exactly once, with nextLink absolute and absent on the last page, while items are added', async () => {
    const asset = await service.account.uploadAsset('p.bin', Buffer.from('p'));
    const register = (name: string) => service.account.registerModel({ name, mimeType: 'a/b', url: asset.url });
    const existing = new Set<string>();
    for (let i = 0; i < 230; i++) existing.add((await register(`m${i % 7}`)).id);

    const seen: string[] = [];
    const links: string[] = [];
    let page = await service.account.listModels({ count: 25 });
    let added = 0;
    for (;;) {
      seen.push(...page.value.map((m) => m.id));
      // New registrations land between page reads; the walk must neither repeat nor skip what existed.
      for (let k = 0; k < 3; k++, added++) await register(`late${added}`);
      if (!page.nextLink) break;
      links.push(page.nextLink);
      page = await service.account.getByLocation(page.nextLink);
    }
    assert.equal(new Set(seen).size, seen.length, 'no item twice');
    for (const id of existing) assert.ok(seen.includes(id), `item ${id} was skipped`);
    assert.ok(links.length >= 9);
    for (const link of links) assert.match(link, /^http:\/\/127\.0\.0\.1:\d+\/api\/.*count=25.*skipToken=/);
  });

  it('keeps filters on every page', async () => {
    const pages = [];
    let page = await service.account.listModels({ name: 'm3', count: 10 });
    pages.push(page);
    while (page.nextLink) pages.push((page = await service.account.getByLocation(page.nextLink)));
    const all = pages.flatMap((p) => p.value);
    assert.ok(all.length > 10 && all.every((m) => m.name === 'm3'));
    assert.deepEqual(all.map((m) => m.version), [...all.map((m) => m.version)].sort((a, b) => b - a));
  });

  it('refuses a forged skip token and an out-of-range count', async () => {
    await assert.rejects(service.account.listModels({ skipToken: 'not-a-token' }), (e: ModelbayApiError) => e.statusCode === 400 && e.code === 'InvalidSkipToken');
    await assert.rejects(service.account.listModels({ count: 0 }), (e: ModelbayApiError) => e.statusCode === 400 && e.message.includes('count'));
    await assert.rejects(service.account.listModels({ count: 5000 }), (e: ModelbayApiError) => e.statusCode === 400 && e.message.includes('count'));
  });
});
