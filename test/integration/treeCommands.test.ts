import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ModelbayExtensionApi } from '../../src/extension/extension';
import { findNode, labelOf, modelbayApi, REPO, sleep } from './helpers/modelbay';
import { recordErrorNotifications } from './helpers/notifications';

const find = (modelbay: ModelbayExtensionApi, labels: string[]) => findNode(modelbay, labels);

describe('commands on tree nodes (scale, endpoints, JSON, delete) and the Local service coming back', function () {
  this.timeout(120_000);
  let modelbay: ModelbayExtensionApi;

  before(async () => {
    modelbay = await modelbayApi();
    const onnx = vscode.Uri.file(path.join(REPO, 'samples/onnx-classifier/iris-classifier.onnx'));
    await vscode.commands.executeCommand('modelbay.deploy', onnx, { serviceName: 'cmds', wait: true });
    modelbay.tree.reload();
  });

  it('scales a service from its node and shows the new replica count', async () => {
    const node = await find(modelbay, ['Local', 'Services', 'cmds']);
    const finished = await vscode.commands.executeCommand<{ state: string }>('modelbay.updateService', node, { numReplicas: 2 });
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
    assert.equal((JSON.parse(editor.document.getText()) as { name: string }).name, 'cmds');
  });

  it('tells the user why Create Service and Create Image were refused (409 name taken, 400 bad name)', async () => {
    const { account } = await modelbay.connections.connect('local');
    const image = (await account.listImages({ manifestName: 'cmds' })).value[0]!;
    const ref = { kind: 'image', account: modelbay.connections.handle('local'), resource: image };
    const errors = recordErrorNotifications();
    try {
      await vscode.commands.executeCommand('modelbay.createService', ref, { name: 'cmds', scale: { numReplicas: 1 } });
      assert.match(await errors.waitFor(/cmds/), /already exists.*\(ServiceExists, HTTP 409\)/);
      await vscode.commands.executeCommand('modelbay.createImage', { kind: 'manifest', account: ref.account, resource: image.manifest }, { name: 'not a name' });
      assert.match(await errors.waitFor(/HTTP 400/), /name/);
    } finally {
      errors.dispose();
    }
    assert.equal((await account.services.list({ serviceName: 'cmds' })).value.length, 1, 'nothing was created');
  });

  it('restarts the Local service by itself when it dies', async () => {
    const stateFile = path.join(modelbay.local.dataDir, 'service.json');
    const readState = async () => JSON.parse(await fs.readFile(stateFile, 'utf8')) as { pid: number; url: string };
    const before = await readState();
    process.kill(before.pid, 'SIGKILL');
    // Nothing here goes through the extension until the service is back: connect() would start one itself and so
    // prove nothing about the automatic restart. The new process announces itself in service.json.
    let after: { pid: number; url: string } | undefined;
    for (let i = 0; i < 150 && !after; i++) {
      await sleep(100);
      try {
        const state = await readState();
        if (state.pid !== before.pid && (await fetch(`${state.url}/healthz`)).ok) after = state;
      } catch {
        // not back yet (service.json still names the dead process, or the new one is not listening yet)
      }
    }
    assert.ok(after, 'a new Local service process answers, started by the extension on its own');
    const { account, url } = await modelbay.connections.connect('local');
    assert.equal(url, after.url, 'the extension uses the service it restarted');
    assert.ok((await account.services.list({ serviceName: 'cmds' })).value.length === 1, 'with its store intact');
  });

  it('deletes a service from its node', async () => {
    const service = await find(modelbay, ['Local', 'Services', 'cmds']);
    await vscode.commands.executeCommand('modelbay.deleteService', service, true);
    const services = await modelbay.tree.getChildren(await find(modelbay, ['Local', 'Services']));
    assert.ok(!services.map(labelOf).includes('cmds'));
  });
});
