import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { collect, ModelbayApiError } from '../../src/api/client';
import { uploadRefusedHalfWay } from './helpers/refusedUpload';
import { makeDataDir, startServiceProcess, type ServiceProcess } from './helpers/serviceProcess';

describe('accounts and assets', () => {
  let service: ServiceProcess;
  before(async () => {
    service = await startServiceProcess();
  });
  after(async () => {
    await service?.stop();
  });

  it('has local/local/default from the first start', async () => {
    const account = await service.client.getAccount({ subscriptionId: 'local', resourceGroupName: 'local', accountName: 'default' });
    assert.equal(account.name, 'default');
    assert.equal(account.id, '/api/subscriptions/local/resourceGroups/local/accounts/default');
  });

  it('creates accounts with PUT, idempotently, and lists them page by page', async () => {
    const ref = { subscriptionId: 'team', resourceGroupName: 'vision', accountName: 'a1' };
    const first = await service.client.putAccount(ref, { description: 'first' });
    const again = await service.client.putAccount(ref);
    assert.equal(again.createdAt, first.createdAt);
    assert.equal(again.description, 'first');
    for (let i = 2; i <= 5; i++) await service.client.putAccount({ ...ref, accountName: `a${i}` });
    const page = await service.client.listAccounts('team', 'vision', { count: 2 });
    assert.equal(page.value.length, 2);
    assert.ok(page.nextLink?.startsWith(`${service.url}/api/`), 'nextLink is absolute');
    const all = await collect(service.client.iterateAccounts('team', 'vision'));
    assert.deepEqual(all.map((a) => a.name).sort(), ['a1', 'a2', 'a3', 'a4', 'a5']);
  });

  it('answers 404 AccountNotFound for routes under an unknown account', async () => {
    const account = service.client.account({ subscriptionId: 'no', resourceGroupName: 'such', accountName: 'thing' });
    await assert.rejects(account.listModels(), (e: ModelbayApiError) => e.statusCode === 404 && e.code === 'AccountNotFound');
  });

  it('stores an upload content-addressed and gives the same bytes back', async () => {
    const bytes = Buffer.from(Array.from({ length: 300_000 }, (_, i) => i % 251));
    const asset = await service.account.uploadAsset('weights.bin', bytes, { mimeType: 'application/octet-stream' });
    assert.equal(asset.size, bytes.length);
    assert.equal(asset.sha256, createHash('sha256').update(bytes).digest('hex'));
    assert.equal(asset.name, 'weights.bin');
    assert.ok(asset.url.startsWith(`${service.url}/api/subscriptions/local/resourceGroups/local/accounts/default/assets/`));
    const blob = path.join(service.dataDir, 'blobs', 'sha256', asset.sha256.slice(0, 2), asset.sha256);
    assert.deepEqual(await fs.readFile(blob), bytes);
    assert.deepEqual(await service.account.downloadAsset(asset.id), bytes);
    // The same bytes again: a second asset, one blob.
    const twin = await service.account.uploadAsset('copy.bin', bytes);
    assert.notEqual(twin.id, asset.id);
    assert.equal(twin.sha256, asset.sha256);
  });

  it('refuses asset names that could become paths, and keeps nothing of them', async () => {
    const bad = ['../evil', '..', '/etc/passwd', 'a/b', 'a\\b', 'nul\u0000byte', '%2e%2e%2fevil', '..%2f..%2fx', '.hidden', 'C:evil'];
    for (const name of bad) {
      await assert.rejects(
        service.account.uploadAsset(name, Buffer.from('x')),
        (e: ModelbayApiError) => e.statusCode === 400 && e.code === 'InvalidAssetName' && e.message.includes('query/name'),
        `name ${JSON.stringify(name)}`,
      );
    }
    const temp = await fs.readdir(path.join(service.dataDir, 'blobs', 'tmp'));
    assert.deepEqual(temp, []);
  });

  it('answers 404 for an unknown asset id', async () => {
    await assert.rejects(service.account.downloadAsset('00000000-0000-0000-0000-000000000000'), (e: ModelbayApiError) => e.code === 'AssetNotFound');
  });
});

describe('asset size limit', () => {
  let service: ServiceProcess;
  before(async () => {
    const dataDir = await makeDataDir('limits');
    await fs.writeFile(path.join(dataDir, 'config.json'), JSON.stringify({ maxAssetBytes: 1000 }));
    service = await startServiceProcess({ dataDir });
  });
  after(async () => {
    await service?.stop();
  });

  it('answers 413 PayloadTooLarge past the limit and keeps no partial file', async () => {
    await service.account.uploadAsset('small.bin', Buffer.alloc(1000, 1));
    await assert.rejects(service.account.uploadAsset('big.bin', Buffer.alloc(1001, 1)), (e: ModelbayApiError) => e.statusCode === 413 && e.code === 'PayloadTooLarge');
    assert.deepEqual(await fs.readdir(path.join(service.dataDir, 'blobs', 'tmp')), []);
  });

  it('closes the connection of an upload refused half-way, so a keep-alive client never waits on it', async () => {
    const outcome = await uploadRefusedHalfWay(service, 400);
    assert.match(outcome.text, /^HTTP\/1\.1 413/);
    if (outcome.ended) assert.match(outcome.text, /^connection: close/im, 'the refusal says the connection closes');
    else assert.match(outcome.text, /HTTP\/1\.1 404/);
  });
});
