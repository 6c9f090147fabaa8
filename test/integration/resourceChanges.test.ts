import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ResourceChange } from '../../src/extension/core/resourceChanges';
import type { ModelbayExtensionApi } from '../../src/extension/extension';
import { findNode, modelbayApi, SAMPLE_ONNX } from './helpers/modelbay';

/**
 * The change signal panels follow (issue 9, item 7): every command that changes a service, its endpoints or keys
 * fires it, and so does every operation when it starts and when it ends. Recorded, not sampled.
 */
describe('resource changes: commands and operations say what they changed', function () {
  this.timeout(120_000);
  let modelbay: ModelbayExtensionApi;
  let recorded: ResourceChange[] = [];
  let recording: vscode.Disposable;
  const find = (labels: string[]) => findNode(modelbay, ['Local', ...labels]);
  const ofService = () => recorded.filter((c) => c.service === 'changes').map((c) => c.kind);

  before(async () => {
    modelbay = await modelbayApi();
    recording = modelbay.changes.onDidChange((change) => recorded.push(change));
    await vscode.commands.executeCommand('modelbay.deploy', vscode.Uri.file(SAMPLE_ONNX), { serviceName: 'changes', wait: true });
    modelbay.tree.reload();
  });
  after(() => {
    recording.dispose();
  });
  beforeEach(() => (recorded = []));

  it('an update (an operation) fires for its service when it starts and when it ends', async () => {
    await vscode.commands.executeCommand('modelbay.updateService', await find(['Services', 'changes']), { numReplicas: 2 });
    assert.deepEqual(ofService(), ['service', 'service']);
    assert.ok(recorded.every((c) => c.accountId === 'local'));
  });

  it('adding and removing an endpoint fire for its service', async () => {
    await vscode.commands.executeCommand('modelbay.addEndpoint', await find(['Services', 'changes']), { name: 'partner' });
    modelbay.tree.reload();
    await vscode.commands.executeCommand('modelbay.removeEndpoint', await find(['Services', 'changes', 'Endpoints', 'partner']), true);
    assert.deepEqual(ofService(), ['endpoint', 'endpoint']);
  });

  it('regenerating a key fires for its service', async () => {
    modelbay.tree.reload();
    await vscode.commands.executeCommand('modelbay.regenerateSecondaryKey', await find(['Services', 'changes', 'Endpoints', 'default']), true);
    assert.deepEqual(ofService(), ['keys']);
  });

  it('deleting the service fires for it', async () => {
    modelbay.tree.reload();
    await vscode.commands.executeCommand('modelbay.deleteService', await find(['Services', 'changes']), true);
    assert.deepEqual(ofService(), ['service']);
  });
});
