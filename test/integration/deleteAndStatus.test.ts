import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ModelbayExtensionApi } from '../../src/extension/extension';
import { contextOf, findNode, labelOf, modelbayApi, SAMPLE_ONNX } from './helpers/modelbay';

/** Deletes from the tree (refused while something uses the resource), a stopped service's menus, the build log tab. */
describe('delete models, manifests and images; a stopped service offers no scoring', function () {
  this.timeout(120_000);
  let modelbay: ModelbayExtensionApi;
  const find = (labels: string[]) => findNode(modelbay, ['Local', ...labels]);

  before(async () => {
    modelbay = await modelbayApi();
    await vscode.commands.executeCommand('modelbay.deploy', vscode.Uri.file(SAMPLE_ONNX), { serviceName: 'delstat', wait: true });
    modelbay.tree.reload();
  });

  it('titles the build log tab with the image name and version', async () => {
    await vscode.commands.executeCommand('modelbay.showBuildLog', await find(['Images', 'delstat:1']));
    const uri = vscode.window.activeTextEditor!.document.uri;
    assert.equal(uri.path.split('/').at(-1), 'delstat:1 build.log');
  });

  it('a service scaled to zero is stopped: no scoring tag on it or its endpoints', async () => {
    const finished = await vscode.commands.executeCommand<{ state: string }>('modelbay.updateService', await find(['Services', 'delstat']), { numReplicas: 0 });
    assert.equal(finished.state, 'Succeeded');
    modelbay.tree.reload();
    const service = await find(['Services', 'delstat']);
    assert.equal(contextOf(service), 'modelbay.service.stopped');
    assert.equal(service.getTreeItem().description, 'stopped · scaled to 0 replicas');
    assert.equal(contextOf(await find(['Services', 'delstat', 'Endpoints', 'default'])), 'modelbay.endpoint.default');
  });

  it('refuses to delete an image, manifest or model version something still uses, and deletes them in order', async () => {
    const image = await find(['Images', 'delstat:1']);
    const manifest = await find(['Manifests', 'delstat:1']);
    assert.equal(await vscode.commands.executeCommand('modelbay.deleteImage', image, true), 'inUse');
    assert.equal(await vscode.commands.executeCommand('modelbay.deleteManifest', manifest, true), 'inUse');
    const versions = await modelbay.tree.getChildren(await find(['Models', 'iris-classifier']));
    const model = versions.find((v) => labelOf(v) !== 'Load more...')!;
    assert.equal(await vscode.commands.executeCommand('modelbay.deleteModel', model, true), 'inUse');

    await vscode.commands.executeCommand('modelbay.deleteService', await find(['Services', 'delstat']), true);
    assert.equal(await vscode.commands.executeCommand('modelbay.deleteImage', image, true), 'deleted');
    assert.equal(await vscode.commands.executeCommand('modelbay.deleteImage', image, true), 'gone', 'a second delete finds nothing');
    assert.equal(await vscode.commands.executeCommand('modelbay.deleteManifest', manifest, true), 'deleted');
    const images = await modelbay.tree.getChildren(await find(['Images']));
    assert.ok(!images.map(labelOf).includes('delstat:1'), 'the tree no longer lists the image');
    const manifests = await modelbay.tree.getChildren(await find(['Manifests']));
    assert.ok(!manifests.map(labelOf).includes('delstat:1'), 'nor the manifest');
  });
});
