import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { collect, type AccountClient } from '../../src/api/client';
import type { Model } from '../../src/api/schemas';
import { startSlowBuild } from './helpers/fixtures';
import { makeDataDir, startServiceProcess } from './helpers/serviceProcess';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Registers models one after another until the service dies; answers those it acknowledged. */
async function registerUntilDown(account: AccountClient, url: string, acknowledged: Model[]): Promise<void> {
  for (let i = 0; ; i++) {
    try {
      acknowledged.push(await account.registerModel({ name: `crash${i % 5}`, mimeType: 'a/b', url }));
    } catch {
      return;
    }
  }
}

describe('crash and restart', () => {
  it('keeps the admin token across restarts and shuts down cleanly on SIGTERM and SIGINT', async () => {
    const dataDir = await makeDataDir('restart');
    const first = await startServiceProcess({ dataDir });
    const stat = await fs.stat(path.join(dataDir, 'admin-token'));
    assert.equal(stat.mode & 0o777, 0o600);
    assert.equal(await first.stop('SIGTERM'), 0);
    await assert.rejects(fs.access(path.join(dataDir, 'service.json')), 'service.json is removed on a clean stop');
    const second = await startServiceProcess({ dataDir });
    assert.equal(second.token, first.token);
    assert.equal(await second.stop('SIGINT'), 0);
  });

  it('loses no acknowledged model when killed with SIGKILL at random moments', async () => {
    const dataDir = await makeDataDir('sigkill');
    const acknowledged: Model[] = [];
    let assetUrl: string | undefined;
    for (let round = 0; round < 5; round++) {
      const service = await startServiceProcess({ dataDir });
      assetUrl ??= (await service.account.uploadAsset('w.bin', Buffer.from('w'))).url;
      // Later runs listen on other ports: the first run's asset URL must still be accepted (same machine).
      const writer = registerUntilDown(service.account, assetUrl, acknowledged);
      await sleep(150 + Math.random() * 300);
      await service.stop('SIGKILL');
      await writer;
    }
    const service = await startServiceProcess({ dataDir });
    try {
      const stored = new Map((await collect(service.account.iterateModels())).map((m) => [m.id, m]));
      assert.ok(acknowledged.length > 20, `only ${acknowledged.length} registrations got through`);
      for (const model of acknowledged) assert.deepEqual(stored.get(model.id), model, `model ${model.name}:${model.version} lost`);
      for (let n = 0; n < 5; n++) {
        const versions = [...stored.values()].filter((m) => m.name === `crash${n}`).map((m) => m.version).sort((a, b) => a - b);
        assert.deepEqual(versions, versions.map((_, i) => i + 1), `versions of crash${n} have a gap`);
      }
    } finally {
      await service.stop();
    }
  });

  it('resumes an image build that SIGKILL interrupted, and never leaves it Running', async () => {
    const dataDir = await makeDataDir('build-kill');
    const service = await startServiceProcess({ dataDir });
    const { manifest, operationId } = await startSlowBuild(service.account);
    const operation = { id: operationId };
    await service.stop('SIGKILL');

    const restarted = await startServiceProcess({ dataDir });
    try {
      const final = await restarted.account.waitForOperation(
        `${restarted.url}${restarted.account.basePath}/operations/${operation.id}`,
        { intervalMs: 50, timeoutMs: 60_000 },
      );
      assert.equal(final.state, 'Succeeded');
      const image = (await restarted.account.listImages({ manifestId: manifest.id })).value[0]!;
      assert.equal(image.creationState, 'Succeeded');
      const log = await restarted.account.getImageBuildLog(image.id);
      assert.match(log, /resuming after a restart|Succeeded/);
      const staging = await fs.readdir(path.join(dataDir, 'images', 'staging'));
      assert.deepEqual(staging, [], 'no half-built image left behind');
    } finally {
      await restarted.stop();
    }
  });
});
