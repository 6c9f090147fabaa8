import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { modelbayApi } from './helpers/modelbay';
import { OperationTracker, type FinishedOperation } from '../../src/extension/operations/operationTracker';

/** globalState as a window keeps it: what one tracker writes, the next window's tracker reads. */
class MemoryState implements vscode.Memento {
  private readonly values = new Map<string, unknown>();
  keys(): readonly string[] {
    return [...this.values.keys()];
  }
  get<T>(key: string, fallback?: T): T {
    return (this.values.has(key) ? this.values.get(key) : fallback) as T;
  }
  update(key: string, value: unknown): Promise<void> {
    this.values.set(key, value);
    return Promise.resolve();
  }
}

const SLOW_DRIVER = `import time\ndef init():\n    time.sleep(2)\ndef run(raw):\n    return raw\n`;

describe('operations in flight survive a window reload', function () {
  this.timeout(120_000);

  it('a new window resumes polling what the old one left in flight, and clears it when it ends', async () => {
    const modelbay = await modelbayApi();
    const { account } = await modelbay.connections.connect('local');
    const weights = await account.uploadAsset('w.bin', Buffer.from('w'));
    const model = await account.registerModel({ name: 'slowstart', mimeType: 'application/octet-stream', url: weights.url });
    const driver = await account.uploadAsset('score.py', Buffer.from(SLOW_DRIVER));
    const manifest = await account.createManifest({ name: 'slowstart', driverProgram: 'score.py', assets: [{ url: driver.url }], modelIds: [model.id], targetRuntime: { runtimeType: 'Python', properties: {} } });
    const image = await account.createImageAndWait({ name: 'slowstart', manifestId: manifest.id, imageType: 'Docker', computeResourceId: 'local' }, { intervalMs: 50 });
    const { operation, operationLocation } = await account.services.create({ name: 'slowstart', imageId: image.id, computeResource: { id: 'local', type: 'Cluster' } });

    const state = new MemoryState();
    const log = vscode.window.createOutputChannel('Modelbay test', { log: true });
    const first = new OperationTracker(modelbay.connections, state, log);
    void first.track({ id: operation.id, accountId: 'local', location: operationLocation, label: 'Deploying slowstart', kind: 'Service', resourceName: 'slowstart', startedAt: Date.now() });
    assert.equal(state.get<unknown[]>('modelbay.operationsInFlight', []).length, 1, 'persisted while in flight');
    first.dispose(); // the window closes mid-deployment

    const second = new OperationTracker(modelbay.connections, state, log);
    const ended = new Promise<FinishedOperation>((resolve) => second.onDidFinish(resolve));
    second.resume();
    assert.equal(second.inFlight().length, 1, 'the new window shows it in flight');
    const finished = await ended;
    assert.equal(finished.state, 'Succeeded');
    assert.deepEqual(state.get('modelbay.operationsInFlight', []), [], 'and forgets it once it ended');
    second.dispose();
    log.dispose();
  });
});
