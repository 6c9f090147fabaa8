import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { startSlowBuild } from './helpers/fixtures';
import { makeDataDir, startServiceProcess } from './helpers/serviceProcess';

const LEASE_SECONDS = 5;

/** The time (epoch ms) of the first log line with this message, from the service's JSON log. */
function timeOfLine(log: string, message: string): number | undefined {
  for (const line of log.split('\n')) {
    if (!line.includes(message)) continue;
    const parsed = JSON.parse(line) as { time?: number };
    return parsed.time;
  }
  return undefined;
}

describe('leases: the work of an instance that died is taken over by another once its lease has ended', () => {
  it('an image build left Running by a SIGKILLed instance: another instance waits out the lease, then finishes it', async () => {
    const dataDir = await makeDataDir('lease');
    await fs.writeFile(path.join(dataDir, 'config.json'), JSON.stringify({ leaseSeconds: LEASE_SECONDS }));
    const first = await startServiceProcess({ dataDir });
    const { manifest, operationId } = await startSlowBuild(first.account);
    const operation = { id: operationId };
    await first.stop('SIGKILL');
    const killedAt = Date.now();

    // Another instance: the same store, under another name (a team's second machine, here the same folder).
    await fs.writeFile(path.join(dataDir, 'instance-id'), `${randomUUID()}\n`);
    const second = await startServiceProcess({ dataDir, env: { MODELBAY_LOG_LEVEL: 'info' } });
    try {
      const final = await second.account.waitForOperation(`${second.url}${second.account.basePath}/operations/${operation.id}`, { intervalMs: 50, timeoutMs: 60_000 });
      assert.equal(final.state, 'Succeeded', JSON.stringify(final));
      const resumedAt = timeOfLine(second.log(), 'resuming an operation');
      assert.ok(resumedAt !== undefined, 'the second instance says it took the operation over');
      // The dead instance renewed its lease every third of it, so it held it at least two thirds of a lease past
      // its death: taking over sooner would have run the build twice had the first instance been alive.
      const waited = resumedAt - killedAt;
      assert.ok(waited >= (LEASE_SECONDS * 1000 * 2) / 3 - 100, `taken over ${waited} ms after the kill, before the lease ended`);
      assert.ok(waited < LEASE_SECONDS * 1000 * 2 + 5_000, `taken over only ${waited} ms after the kill`);
      const image = (await second.account.listImages({ manifestId: manifest.id })).value[0]!;
      assert.equal(image.creationState, 'Succeeded');
    } finally {
      await second.stop();
    }
  });

  it('a restarted instance takes its own leases back at once (no wait for them to end)', async () => {
    const dataDir = await makeDataDir('lease-own');
    await fs.writeFile(path.join(dataDir, 'config.json'), JSON.stringify({ leaseSeconds: 60 }));
    const first = await startServiceProcess({ dataDir });
    const { operationId } = await startSlowBuild(first.account);
    const operation = { id: operationId };
    await first.stop('SIGKILL');
    const restarted = await startServiceProcess({ dataDir });
    try {
      // Within the 60 s lease: only the same instance may take it back this soon.
      const final = await restarted.account.waitForOperation(`${restarted.url}${restarted.account.basePath}/operations/${operation.id}`, { intervalMs: 50, timeoutMs: 30_000 });
      assert.equal(final.state, 'Succeeded');
    } finally {
      await restarted.stop();
    }
  });

  it('refuses a config.json leaseSeconds out of range, naming it', async () => {
    const dataDir = await makeDataDir('lease-bad');
    await fs.writeFile(path.join(dataDir, 'config.json'), JSON.stringify({ leaseSeconds: 0 }));
    await assert.rejects(startServiceProcess({ dataDir }), /leaseSeconds must be a whole number of seconds from 1 to 300/);
  });
});
