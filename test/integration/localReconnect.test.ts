import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { promises as fs } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import type { ModelbayExtensionApi } from '../../src/extension/extension';
import { localServiceArguments, localServiceRuntime } from '../../src/extension/accounts/localRuntime';
import { findNode, labelOf, modelbayApi, REPO } from './helpers/modelbay';

/** Another window's Local service: the bundled service started on the same data folder, as that window starts it. */
async function otherWindowsService(dataDir: string): Promise<{ url: string; stop(): Promise<void> }> {
  const runtime = localServiceRuntime(undefined);
  const child: ChildProcess = spawn(runtime.command, localServiceArguments(path.join(REPO, 'dist', 'server.js'), dataDir), { env: runtime.env, stdio: ['ignore', 'pipe', 'ignore'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`the other window's service exited (${code})`)));
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    url,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

describe("a window using another window's Local service, after that service stops", function () {
  this.timeout(120_000);
  let modelbay: ModelbayExtensionApi;

  before(async () => {
    modelbay = await modelbayApi();
  });

  it('starts or finds a Local service again on the next call, instead of keeping the dead URL', async () => {
    await modelbay.local.stop(); // this window's own service: the other window runs the one on this data folder
    const other = await otherWindowsService(modelbay.local.dataDir);
    try {
      assert.equal((await modelbay.local.ensureRunning()).url, other.url, "this window reuses the other window's service");
      await other.stop(); // the other window closes
      modelbay.tree.reload();
      const rows = await modelbay.tree.getChildren(await findNode(modelbay, ['Local']));
      assert.deepEqual(rows.map(labelOf), ['Models', 'Manifests', 'Images', 'Services'], 'the tree lists the account, not "Cannot reach the service"');
      const { url, account } = await modelbay.connections.connect('local');
      assert.notEqual(url, other.url);
      await account.listModels({ count: 1 });
    } finally {
      await other.stop();
    }
  });

  it('a call that cannot connect to the reused service makes the next one find a running service', async () => {
    // A reused service whose process lives on but no longer listens (one that is shutting down): here a stand-in
    // that answers the health check, named in service.json with a live pid (this process), then stops listening.
    await modelbay.local.stop();
    const standIn = createServer((_request, response) => response.end('{"status":"ok"}'));
    await new Promise<void>((resolve) => standIn.listen(0, '127.0.0.1', resolve));
    const standInUrl = `http://127.0.0.1:${(standIn.address() as AddressInfo).port}`;
    await fs.writeFile(path.join(modelbay.local.dataDir, 'service.json'), JSON.stringify({ url: standInUrl, pid: process.pid }));
    assert.equal((await modelbay.local.ensureRunning()).url, standInUrl, 'the stand-in is reused');
    await new Promise<void>((resolve) => standIn.close(() => resolve()));

    const stale = await modelbay.connections.connect('local');
    await assert.rejects(stale.account.listModels({ count: 1 }), /ECONNREFUSED|failed/, 'this call cannot connect');
    const next = await modelbay.connections.connect('local');
    assert.notEqual(next.url, standInUrl, 'the next call has a live service');
    await next.account.listModels({ count: 1 });
  });
});
