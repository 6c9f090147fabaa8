import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ModelbayExtensionApi } from '../../src/extension/extension';
import { findNode, labelOf, modelbayApi, REPO, sleep } from './helpers/modelbay';

const find = (modelbay: ModelbayExtensionApi, labels: string[]) => findNode(modelbay, labels);

describe('commands on tree nodes (scale, endpoints, JSON, delete) and the Local service coming back', function () {
  this.timeout(120_000);
  let modelbay: ModelbayExtensionApi;

  before(async () => {
    modelbay = await modelbayApi();
    const onnx = vscode.Uri.file(path.join(REPO, 'samples/onnx-classifier/iris-classifier.onnx'));
    await vscode.commands.executeCommand('modelbay.deployFile', onnx, { serviceName: 'cmds', wait: true });
    modelbay.tree.reload();
  });

  it('scales a service from its node and shows the new replica count', async () => {
    const node = await find(modelbay, ['Local', 'Services', 'cmds']);
    const finished = (await vscode.commands.executeCommand('modelbay.updateService', node, { numReplicas: 2 })) as { state: string };
    assert.equal(finished.state, 'Succeeded');
    modelbay.tree.reload();
    const after = await find(modelbay, ['Local', 'Services', 'cmds']);
    assert.match(String(after.getTreeItem().description), /running · 2 replicas/);
    const deployments = await modelbay.tree.getChildren(await find(modelbay, ['Local', 'Services', 'cmds', 'Deployments']));
    assert.equal(deployments.length, 2);
  });

  it('adds and removes an endpoint from the tree', async () => {
    const service = await find(modelbay, ['Local', 'Services', 'cmds']);
    await vscode.commands.executeCommand('modelbay.addEndpoint', service, { name: 'partner', maxConcurrentCalls: 8 });
    const partner = await find(modelbay, ['Local', 'Services', 'cmds', 'Endpoints', 'partner']);
    assert.match(String(partner.getTreeItem().description), /max 8 calls/);
    const url = await vscode.commands.executeCommand<string>('modelbay.copyScoringUrl', partner);
    assert.equal(await vscode.env.clipboard.readText(), url);
    await vscode.commands.executeCommand('modelbay.removeEndpoint', partner, true);
    const endpoints = await modelbay.tree.getChildren(await find(modelbay, ['Local', 'Services', 'cmds', 'Endpoints']));
    assert.deepEqual(endpoints.map(labelOf), ['default']);
  });

  it('opens a resource as read-only JSON', async () => {
    const service = await find(modelbay, ['Local', 'Services', 'cmds']);
    await vscode.commands.executeCommand('modelbay.openResource', service);
    const editor = vscode.window.activeTextEditor!;
    assert.equal(editor.document.uri.scheme, 'modelbay-resource');
    assert.equal(editor.document.languageId, 'json');
    assert.equal(JSON.parse(editor.document.getText()).name, 'cmds');
  });

  it('restarts the Local service when it dies', async () => {
    const state = JSON.parse(await fs.readFile(path.join(modelbay.local.dataDir, 'service.json'), 'utf8')) as { pid: number; url: string };
    process.kill(state.pid, 'SIGKILL');
    let back = false;
    for (let i = 0; i < 100 && !back; i++) {
      await sleep(100);
      try {
        const { url } = await modelbay.connections.connect('local');
        back = (await fetch(`${url}/healthz`)).ok;
      } catch {
        // not back yet
      }
    }
    assert.ok(back, 'the Local service answers again');
    const { account } = await modelbay.connections.connect('local');
    assert.ok((await account.services.list({ serviceName: 'cmds' })).value.length === 1, 'with its store intact');
  });

  it('deletes a service from its node', async () => {
    const service = await find(modelbay, ['Local', 'Services', 'cmds']);
    await vscode.commands.executeCommand('modelbay.deleteService', service, true);
    const services = await modelbay.tree.getChildren(await find(modelbay, ['Local', 'Services']));
    assert.ok(!services.map(labelOf).includes('cmds'));
  });
});
