import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ModelbayExtensionApi } from '../../src/extension/extension';
import type { TreeNode } from '../../src/extension/tree/treeNode';
import { contextOf, findNode, labelOf, modelbayApi, REPO, SAMPLE_ONNX } from './helpers/modelbay';

const child = (modelbay: ModelbayExtensionApi, parent: TreeNode | undefined, label: string) => findNode(modelbay, [label], parent);

describe('accounts and the resource tree (real extension host, real Local service)', function () {
  this.timeout(120_000);
  let modelbay: ModelbayExtensionApi;

  before(async () => {
    modelbay = await modelbayApi();
    await vscode.workspace.getConfiguration('modelbay').update('pageSize', 5, vscode.ConfigurationTarget.Global);
  });

  it('starts the Local service on first use and lists what it holds', async () => {
    const local = await child(modelbay, undefined, 'Local');
    const folders = (await modelbay.tree.getChildren(local)).map(labelOf);
    assert.deepEqual(folders, ['Models', 'Manifests', 'Images', 'Services']);
    const { account } = await modelbay.connections.connect('local');
    const asset = await account.uploadAsset('weights.bin', Buffer.from('w'));
    await account.registerModel({ name: 'listed', mimeType: 'application/octet-stream', url: asset.url, tags: ['demo'] });
    await account.registerModel({ name: 'listed', mimeType: 'application/octet-stream', url: asset.url });
    modelbay.tree.reload();
    const models = await child(modelbay, local, 'Models');
    const group = await child(modelbay, models, 'listed');
    assert.equal(group.getTreeItem().description, 'v2');
    const versions = (await modelbay.tree.getChildren(group)).map(labelOf);
    assert.deepEqual(versions, ['Version 2', 'Version 1'], 'versions newest first');
  });

  it('pages past one page with "Load more..."', async () => {
    const { account } = await modelbay.connections.connect('local');
    const asset = await account.uploadAsset('p.bin', Buffer.from('p'));
    for (let i = 0; i < 12; i++) await account.registerModel({ name: `paged${String(i).padStart(2, '0')}`, mimeType: 'a/b', url: asset.url });
    modelbay.tree.reload();
    const models = await child(modelbay, await child(modelbay, undefined, 'Local'), 'Models');
    let rows = await modelbay.tree.getChildren(models);
    assert.equal(rows.length, 6, '5 names and a Load more row');
    assert.equal(contextOf(rows.at(-1)!), 'modelbay.loadMore');
    await vscode.commands.executeCommand('modelbay.loadMore', rows.at(-1));
    rows = await modelbay.tree.getChildren(models);
    assert.equal(rows.length, 11);
    while (contextOf(rows.at(-1)!) === 'modelbay.loadMore') {
      await vscode.commands.executeCommand('modelbay.loadMore', rows.at(-1));
      rows = await modelbay.tree.getChildren(models);
    }
    const names = rows.map(labelOf);
    for (let i = 0; i < 12; i++) assert.ok(names.includes(`paged${String(i).padStart(2, '0')}`), `paged${i} shown`);
    assert.equal(new Set(names).size, names.length, 'no name twice');
  });

  it('deploys a right-clicked .onnx file: register -> manifest -> image -> service, the status bar counting then clearing', async () => {
    // Every change of the tracked operations is recorded as it happens (the status bar follows the same event), so a
    // fast deploy cannot slip between two looks.
    const counts: number[] = [];
    const recording = modelbay.operations.onDidChange(() => counts.push(modelbay.operations.inFlight().length));
    let service: { state: string; scoringUri: string; id: string };
    try {
      service = await vscode.commands.executeCommand('modelbay.deploy', vscode.Uri.file(SAMPLE_ONNX), { serviceName: 'iris', wait: true });
    } finally {
      recording.dispose();
    }
    const most = Math.max(0, ...counts);
    assert.equal(service.state, 'Succeeded');
    assert.ok(most >= 1, 'the operations were counted while they ran');
    assert.equal(modelbay.operations.inFlight().length, 0, 'and cleared after');
    assert.deepEqual(modelbay.operations.recent().slice(0, 2).map((op) => [op.kind, op.state]), [['Service', 'Succeeded'], ['Image', 'Succeeded']]);

    const services = await child(modelbay, await child(modelbay, undefined, 'Local'), 'Services');
    const node = await child(modelbay, services, 'iris');
    assert.equal(contextOf(node), 'modelbay.service.running.scores');
    assert.match(String(node.getTreeItem().description), /running · 1 replica/);
    const endpoints = await child(modelbay, node, 'Endpoints');
    const defaultEndpoint = await child(modelbay, endpoints, 'default');
    assert.equal(contextOf(defaultEndpoint), 'modelbay.endpoint.default.scores');

    const { account } = await modelbay.connections.connect('local');
    const keys = await account.services.keys(service.id);
    const answer = await fetch(service.scoringUri, { method: 'POST', headers: { Authorization: `Bearer ${keys.primaryKey}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ data: [[5.1, 3.5, 1.4, 0.2]] }) });
    assert.equal(answer.status, 200);
    assert.deepEqual(((await answer.json()) as { label: number[] }).label, [0]);
  });

  it('regenerating a key from the tree makes the service refuse the old key at once', async () => {
    const services = await child(modelbay, await child(modelbay, undefined, 'Local'), 'Services');
    const endpoint = await child(modelbay, await child(modelbay, await child(modelbay, services, 'iris'), 'Endpoints'), 'default');
    const { account } = await modelbay.connections.connect('local');
    const resource = (endpoint as unknown as { resource: { serviceId: string; scoringUri: string } }).resource;
    const before = await account.services.keys(resource.serviceId);
    await vscode.commands.executeCommand('modelbay.regeneratePrimaryKey', endpoint, true);
    const after = await account.services.keys(resource.serviceId);
    assert.notEqual(after.primaryKey, before.primaryKey);
    const call = (key: string) => fetch(resource.scoringUri, { method: 'POST', headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' }, body: '{"data": [[1, 2, 3, 4]]}' });
    assert.equal((await call(before.primaryKey)).status, 401);
    assert.equal((await call(after.primaryKey)).status, 200);
  });

  it('shows an error row, not a dead tree, for a remote account with a bad token or a wrong URL', async () => {
    const { url } = await modelbay.connections.connect('local');
    const ref = { subscriptionId: 'local', resourceGroupName: 'local', accountName: 'default' };
    await modelbay.connections.definitions.add({ id: 'badtoken', label: 'Bad token', url, ref, auth: { kind: 'pastedToken' } }, { kind: 'token', value: 'not-the-token' });
    await modelbay.connections.definitions.add({ id: 'badurl', label: 'Bad URL', url: 'http://127.0.0.1:9', ref, auth: { kind: 'pastedToken' } }, { kind: 'token', value: 'x' });
    const badToken = await modelbay.tree.getChildren(await child(modelbay, undefined, 'Bad token'));
    assert.equal(badToken.length, 1);
    assert.equal(contextOf(badToken[0]!), 'modelbay.error.remoteAccount', 'the row offers Edit Account');
    assert.match(labelOf(badToken[0]!), /Unauthorized, HTTP 401/);
    const badUrl = await modelbay.tree.getChildren(await child(modelbay, undefined, 'Bad URL'));
    assert.equal(contextOf(badUrl[0]!), 'modelbay.error.remoteAccount');
    assert.match(labelOf(badUrl[0]!), /Cannot reach the service/);
    await modelbay.connections.definitions.remove('badtoken');
    await modelbay.connections.definitions.remove('badurl');
  });

  it('Edit Account fixes a wrong token and a wrong URL from the error row, and keeps names apart', async () => {
    const { url, token } = await modelbay.local.ensureRunning();
    const ref = { subscriptionId: 'local', resourceGroupName: 'local', accountName: 'default' };
    await modelbay.connections.definitions.add({ id: 'edit1', label: 'Team', url: 'http://127.0.0.1:9', ref, auth: { kind: 'pastedToken' } }, { kind: 'token', value: 'wrong' });
    await modelbay.connections.definitions.add({ id: 'edit2', label: 'Team 2', url, ref, auth: { kind: 'pastedToken' } }, { kind: 'token', value: 'wrong' });
    const [urlError] = await modelbay.tree.getChildren(await child(modelbay, undefined, 'Team'));
    await vscode.commands.executeCommand('modelbay.editAccount', urlError, { url: `${url}/` });
    const [tokenError] = await modelbay.tree.getChildren(await child(modelbay, undefined, 'Team'));
    assert.match(labelOf(tokenError!), /HTTP 401/, 'the service is reached now; the token is still wrong');
    const team = modelbay.connections.definitions.get('edit1')!;
    assert.equal(team.url, url, 'the URL is kept without its trailing slash');
    await vscode.commands.executeCommand('modelbay.editAccount', await child(modelbay, undefined, 'Team'), { token });
    assert.deepEqual((await modelbay.tree.getChildren(await child(modelbay, undefined, 'Team'))).map(labelOf), ['Models', 'Manifests', 'Images', 'Services']);
    // A name another account has is refused (the command reports it and changes nothing).
    await vscode.commands.executeCommand('modelbay.editAccount', await child(modelbay, undefined, 'Team 2'), { label: 'team' });
    assert.equal(modelbay.connections.definitions.get('edit2')!.label, 'Team 2');
    await vscode.commands.executeCommand('modelbay.editAccount', await child(modelbay, undefined, 'Team 2'), { label: 'Team staging', token });
    assert.deepEqual((await modelbay.tree.getChildren(await child(modelbay, undefined, 'Team staging'))).map(labelOf), ['Models', 'Manifests', 'Images', 'Services']);
    await modelbay.connections.definitions.remove('edit1');
    await modelbay.connections.definitions.remove('edit2');
  });

  it('deploys a right-clicked model folder with its score.py: the folder is packed, unpacked and scored', async () => {
    const folder = vscode.Uri.file(path.join(REPO, 'samples/feature-hashing'));
    const service = await vscode.commands.executeCommand<{ state: string; scoringUri: string; id: string }>('modelbay.deploy', folder, { serviceName: 'hashing', wait: true });
    assert.equal(service.state, 'Succeeded');
    const { account } = await modelbay.connections.connect('local');
    const manifest = (await account.listManifests({ manifestName: 'hashing' })).value[0]!;
    assert.equal(manifest.targetRuntime.runtimeType, 'Python');
    const model = await account.getModel(manifest.modelIds[0]!);
    assert.equal(model.unpack, true, 'a folder is registered as an archive to unpack');
    const keys = await account.services.keys(service.id);
    const answer = await fetch(service.scoringUri, { method: 'POST', headers: { Authorization: `Bearer ${keys.primaryKey}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ data: ['This is a good day'] }) });
    assert.deepEqual(await answer.json(), { result: [[0, 1, 1, 0, 0, 2, 1, 0]] });
  });

  it('loads @azure/identity only for an account that needs it, and shows its failure as an error row', async () => {
    const ref = { subscriptionId: 'local', resourceGroupName: 'local', accountName: 'default' };
    await modelbay.connections.definitions.add({ id: 'cli', label: 'Via Azure CLI', url: 'http://127.0.0.1:9', ref, auth: { kind: 'azureCli', scope: 'api://modelbay/.default' } });
    const rows = await modelbay.tree.getChildren(await child(modelbay, undefined, 'Via Azure CLI'));
    assert.equal(contextOf(rows[0]!), 'modelbay.error.remoteAccount');
    assert.doesNotMatch(labelOf(rows[0]!), /Cannot find module/, 'the identity bundle loaded');
    assert.match(labelOf(rows[0]!), /EnvironmentCredential|AzureCliCredential|Azure CLI|az login/i);
    await modelbay.connections.definitions.remove('cli');
  });

  it('keeps secrets out of settings and globalState', async () => {
    const settings = JSON.stringify(vscode.workspace.getConfiguration('modelbay'));
    assert.doesNotMatch(settings, /not-the-token/);
    const { account } = await modelbay.connections.connect('local');
    const services = await account.services.list();
    const keys = await account.services.keys(services.value[0]!.id);
    const state = JSON.stringify(modelbay.connections.definitions.list()) + JSON.stringify(modelbay.operations.recent());
    assert.ok(!state.includes(keys.primaryKey) && !state.includes(keys.secondaryKey));
  });
});
