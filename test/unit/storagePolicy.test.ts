import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import { AnonymousCredential } from '@azure/storage-blob';
import { AzureBlobs } from '../../src/server/batch/storage/azureBlobs';
import { blobLocation, type AzureBlobLocation } from '../../src/server/batch/storage/blobLocation';
import { isPrivateAddress } from '../../src/server/batch/storage/privateAddress';
import { assertPublicHost, guardedAgent, storageReach, StorageRefused } from '../../src/server/batch/storage/storagePolicy';

describe('batch job storage policy', () => {
  it('knows private, loopback, link-local and mapped addresses from public ones', () => {
    for (const address of ['127.0.0.1', '10.1.2.3', '172.31.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', '::', 'fe80::1', 'fd00::1', '::ffff:127.0.0.1', 'not-an-ip']) {
      assert.equal(isPrivateAddress(address), true, address);
    }
    for (const address of ['20.60.1.2', '52.239.0.1', '172.32.0.1', '2603:1030::1', '::ffff:20.60.1.2']) assert.equal(isPrivateAddress(address), false, address);
  });

  it('admits listed prefixes at a path boundary and https public blob endpoints, nothing else', () => {
    const listed = ['http://127.0.0.1:10000/devstoreaccount1'];
    assert.equal(storageReach(new URL('http://127.0.0.1:10000/devstoreaccount1/c/b.csv'), listed), 'listed');
    assert.equal(storageReach(new URL('https://acct.blob.core.windows.net/c/b.csv'), listed), 'public');
    for (const url of [
      'http://127.0.0.1:10000/devstoreaccount10/c/b.csv',
      'http://acct.blob.core.windows.net/c/b.csv',
      'https://acct.blob.core.windows.net:8443/c/b.csv',
      'https://acct.blob.core.windows.net.evil.example/c/b.csv',
      'https://user:pw@acct.blob.core.windows.net/c/b.csv',
      'http://169.254.169.254/metadata',
      'http://localhost:10000/devstoreaccount1/c/b.csv',
    ]) {
      assert.throws(() => storageReach(new URL(url), listed), StorageRefused, url);
    }
  });

  it('reads blob references the classic ways', () => {
    const cs = 'DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=' + Buffer.alloc(64, 1).toString('base64');
    const viaKey = blobLocation('Input', { ConnectionString: cs, RelativeLocation: '/bes/dir/in.csv' }, 'input', []) as AzureBlobLocation;
    assert.equal(viaKey.url.href, 'https://acct.blob.core.windows.net/bes/dir/in.csv');
    assert.deepEqual([viaKey.container, viaKey.blob, viaKey.reach], ['bes', 'dir/in.csv', 'public']);
    const viaSas = blobLocation('Input', { BaseLocation: 'https://acct.blob.core.windows.net/', RelativeLocation: 'bes/in.csv', SasBlobToken: 'sv=1&sig=2' }, 'input', []) as AzureBlobLocation;
    assert.deepEqual(viaSas.credential, { sas: '?sv=1&sig=2' });
    assert.deepEqual(blobLocation('Outputs.output1', {}, 'output', []), { kind: 'chosen' });
    assert.deepEqual(blobLocation('Input', { AssetId: 'a1' }, 'input', []), { kind: 'asset', assetId: 'a1' });
  });

  it('refuses a public endpoint name that resolves to a private address, before connecting', async () => {
    const resolve = (() => Promise.resolve([{ address: '10.0.0.7', family: 4 }])) as unknown as Parameters<typeof assertPublicHost>[1];
    await assert.rejects(assertPublicHost('acct.blob.core.windows.net', resolve), /resolves to 10\.0\.0\.7/);
    const publicOne = (() => Promise.resolve([{ address: '20.60.1.2', family: 4 }])) as unknown as Parameters<typeof assertPublicHost>[1];
    await assertPublicHost('acct.blob.core.windows.net', publicOne);
  });

  it('sends every request of a public location through the guarded agent, which refuses private addresses', async () => {
    let connections = 0;
    const server = net.createServer((socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    try {
      // "localhost" resolves to 127.0.0.1. The check before the first request is passed over here, to see the
      // guarded agent refuse the address itself at connection time: the SDK never connects.
      const agent = guardedAgent();
      const blobs = new AzureBlobs(agent, () => Promise.resolve());
      const client = await blobs.client({
        kind: 'azure',
        url: new URL(`https://localhost:${port}/c/b.csv`),
        accountUrl: `https://localhost:${port}`,
        container: 'c',
        blob: 'b.csv',
        reach: 'public',
        credential: new AnonymousCredential(),
      });
      await assert.rejects(client.getProperties(), /resolves to 127\.0\.0\.1/);
      assert.equal(connections, 0);
      agent.destroy();
    } finally {
      server.close();
    }
  });
});
