import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { AccountClient } from '../../src/api/client';
import type { ModelbayExtensionApi } from '../../src/extension/extension';
import { readUsage } from '../../src/extension/panels/readUsage';
import type { SendResult } from '../../src/extension/requests/sendRequest';
import { deployDriver, score, type Deployed } from '../server/helpers/deploy';
import { modelbayApi as api, sleep } from './helpers/modelbay';

/** A Node driver that prints what it is asked to (the live log's source) and answers at once. */
const PRINTING_DRIVER = `
exports.init = () => { console.log('driver loaded'); };
exports.run = (input) => {
  if (input && input.print) console.log(input.print);
  return { ok: true };
};
`;

/** Polls a condition the extension reaches by itself (a stream, a batched write), failing with what it saw last. */
async function eventually<T>(what: string, read: () => T | Promise<T>, ok: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > until) assert.fail(`${what}: still ${JSON.stringify(value)?.slice(0, 400)} after ${timeoutMs} ms`);
    await sleep(100);
  }
}

const responseText = (result: SendResult) => vscode.workspace.textDocuments.find((d) => d.uri.toString() === result.response.toString())!.getText();

// Issue 12, item 6 in the real extension host against the real Local service: an endpoint's limits saved as Service
// Details saves them, the next calls refused, the response document saying what is left; a service's live log
// followed into its channel; the Usage dashboard's data.
describe('API gateway in the extension (real extension host, real Local service)', function () {
  this.timeout(240_000);
  let modelbay: ModelbayExtensionApi;
  let account: AccountClient;
  let deployed: Deployed;
  let serviceRef: { kind: 'service'; account: ReturnType<ModelbayExtensionApi['connections']['handle']>; resource: Deployed['service'] };
  let scored = 0;

  before(async () => {
    modelbay = await api();
    account = (await modelbay.connections.connect('local')).account;
    deployed = await deployDriver(account, 'gateway', PRINTING_DRIVER);
    serviceRef = { kind: 'service', account: modelbay.connections.handle('local'), resource: deployed.service };
  });

  it('Show Logs follows the live log: a line the driver prints arrives in the service’s log channel', async () => {
    const channel = await vscode.commands.executeCommand<string>('modelbay.showServiceLogs', serviceRef);
    assert.equal(channel, 'Modelbay: gateway log');
    const follower = modelbay.serviceLogs.of('local', deployed.service.id);
    assert.ok(follower?.following, 'the log is followed');
    // The opening tail brings what the replica printed when it loaded.
    await eventually('the opening tail', () => follower.lines().join('\n'), (text) => /replica-\d+ gateway:\d+ (\(printed [^)]+\) )?driver loaded/.test(text));
    const marker = `printed-by-the-driver-${Date.now()}`;
    const answer = await score(deployed.endpoint.scoringUri, deployed.keys.primaryKey, { print: marker });
    scored++;
    assert.equal(answer.status, 200);
    await eventually('the printed line', () => follower.lines().filter((l) => l.includes(marker)), (lines) => lines.length === 1, 15_000);
    // Show Logs again shows the same channel; it does not open a second follow.
    await vscode.commands.executeCommand('modelbay.showServiceLogs', serviceRef);
    assert.equal(modelbay.serviceLogs.following().filter((f) => f.service.serviceId === deployed.service.id).length, 1);
  });

  it('closing the log channel (another channel chosen in the Output panel) stops following; shown again, it catches up with what was printed meanwhile', async () => {
    const follower = modelbay.serviceLogs.of('local', deployed.service.id)!;
    // The channel must have been seen open before closing it means anything (a channel never shown is followed on).
    const showsChannel = () =>
      vscode.window.visibleTextEditors.some((e) => e.document.uri.scheme === 'output' && decodeURIComponent(e.document.uri.toString()).replace(/[^A-Za-z0-9]+/g, '').endsWith('Modelbaygatewaylog'));
    await eventually('the channel open in the Output panel', showsChannel, (open) => open, 20_000);
    // The user picks another channel in the Output panel (what hiding the panel does too; in this headless
    // workbench closing the panel does not always take the editor out of visibleTextEditors, choosing another
    // channel does), again if a Show Logs of the test before brings the log back: following stops once it stays out of sight.
    const other = vscode.window.createOutputChannel('Modelbay test: another channel');
    try {
      await eventually(
        'following once another channel is shown',
        () => {
          if (showsChannel()) other.show(true);
          return follower.following;
        },
        (following) => !following,
        30_000,
      );
    } finally {
      other.dispose();
    }
    const marker = `printed-while-closed-${Date.now()}`;
    assert.equal((await score(deployed.endpoint.scoringUri, deployed.keys.primaryKey, { print: marker })).status, 200);
    scored++;
    await sleep(500);
    assert.equal(follower.lines().filter((l) => l.includes(marker)).length, 0, 'nothing is read while closed');
    // The user opens the channel again (the Output panel): it follows again from the last line it had.
    follower.channel.show(true);
    await eventually('the line printed while closed', () => follower.lines().filter((l) => l.includes(marker)).length, (n) => n === 1, 20_000);
    assert.ok(follower.following);
  });

  it('a rate limit saved on the endpoint refuses the next calls (429), and the response document says what is left', async () => {
    // What Service Details' Save does: PATCH the endpoint with the form's settings.
    await account.services.updateEndpoint(deployed.service.id, 'default', { loggingLevel: 'All', sampleDataEnabled: false, rateLimit: { calls: 3, renewalPeriod: 60 }, quota: null });
    const request = await vscode.commands.executeCommand<vscode.TextEditor>('modelbay.testService', { kind: 'endpoint', account: serviceRef.account, resource: deployed.endpoint });
    const first = await vscode.commands.executeCommand<SendResult>('modelbay.sendRequest', request.document.uri);
    scored++;
    assert.equal(first.status, 200);
    assert.match(responseText(first), /^\/\/ Limits: concurrency \d+ of 20 left; rate 2 of 3 left, renews in \d+ s$/m);
    for (let i = 0; i < 2; i++) assert.equal((await score(deployed.endpoint.scoringUri, deployed.keys.primaryKey, {})).status, 200);
    const refused = await score(deployed.endpoint.scoringUri, deployed.keys.primaryKey, {});
    scored += 3;
    assert.equal(refused.status, 429);
    assert.ok(Number(refused.headers.get('retry-after')) > 0, 'Retry-After says when a call would pass');
    const fromDocument = await vscode.commands.executeCommand<SendResult>('modelbay.sendRequest', request.document.uri);
    scored++;
    assert.equal(fromDocument.status, 429);
    assert.match(responseText(fromDocument), /^\/\/ Limits: .*rate 0 of 3 left, renews in \d+ s$/m);
    // Service Details reads the policy back (what its form shows).
    const endpoint = await account.services.endpoint(deployed.service.id, 'default');
    assert.deepEqual(endpoint.rateLimit, { calls: 3, renewalPeriod: 60 });
  });

  it('Show Request Log opens the endpoint’s request log (logging All) as a read-only JSON document', async () => {
    const document = await vscode.commands.executeCommand<vscode.TextDocument>('modelbay.showRequestLog', { kind: 'endpoint', account: serviceRef.account, resource: deployed.endpoint });
    assert.equal(document.uri.scheme, 'modelbay-resource');
    assert.equal(document.languageId, 'json');
    const log = JSON.parse(document.getText()) as { loggingLevel: string; records: { status: number }[] };
    assert.equal(log.loggingLevel, 'All');
    assert.ok(log.records.some((r) => r.status === 429), `the refused call is kept: ${JSON.stringify(log.records.map((r) => r.status))}`);
    assert.doesNotMatch(document.getText(), new RegExp(deployed.keys.primaryKey), 'no key in the log');
  });

  it("the Usage dashboard's data: the report it draws counts the calls made, per endpoint and for the service", async () => {
    await vscode.commands.executeCommand('modelbay.showUsage', serviceRef);
    const tabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => ({ label: t.label, viewType: t.input instanceof vscode.TabInputWebview ? t.input.viewType : '' }));
    await eventually('the dashboard’s tab', tabs, (all) => all.some((t) => t.label === 'Usage · gateway' && t.viewType.endsWith('modelbay.usageDashboard')));
    const report = await eventually('the service’s usage', () => readUsage(account, deployed.service.id, { endpoint: null, range: 'hour' }), (r) => r.totals.calls.total >= scored);
    assert.equal(report.interval, 'PT1M');
    assert.equal(report.totals.calls.total, scored);
    assert.equal(report.totals.calls.blocked, 2, 'the two 429s');
    assert.equal(report.totals.calls.success, scored - 2);
    const endpoint = await readUsage(account, deployed.service.id, { endpoint: 'default', range: 'day' });
    assert.equal(endpoint.interval, 'PT1H');
    assert.equal(endpoint.endpointName, 'default');
    assert.equal(endpoint.totals.calls.total, scored);
  });

  it('follows the log again after the Local service restarts, from where it broke off', async () => {
    const follower = modelbay.serviceLogs.of('local', deployed.service.id)!;
    // The channel in sight (a channel out of sight for 5 s pauses: the documents the tests above opened may have
    // covered it), and followed, before the restart.
    follower.channel.show(true);
    await eventually('following', () => follower.following, (following) => following, 20_000);
    // The rate limit of the test above would refuse the call that prints.
    await account.services.updateEndpoint(deployed.service.id, 'default', { rateLimit: null });
    const loaded = () => follower.lines().filter((l) => /driver loaded/.test(l)).length;
    const loadedBefore = loaded();
    await vscode.commands.executeCommand('modelbay.restartLocalService');
    // The restarted service listens elsewhere: everything is read through a new connection.
    account = (await modelbay.connections.connect('local')).account;
    const endpoint = await account.services.endpoint(deployed.service.id, 'default');
    const marker = `printed-after-the-restart-${Date.now()}`;
    await eventually('the restarted service to score', () => score(endpoint.scoringUri, deployed.keys.primaryKey, { print: marker }).then((r) => r.status), (status) => status === 200, 60_000);
    await eventually('the line printed after the restart', () => follower.lines().filter((l) => l.includes(marker)).length, (n) => n >= 1, 60_000);
    // Nothing of the new run is skipped: the restarted replica's first lines came too, not only what followed them.
    assert.ok(loaded() > loadedBefore, `the restarted replica's "driver loaded" line:\n${follower.lines().slice(-15).join('\n')}`);
    assert.ok(follower.following);
  });

  it('a quota for the endpoint’s life refuses calls once used up (403), the response saying none is left', async () => {
    // The rate limit saved by a test above would answer 429 first: only the quota here.
    await account.services.updateEndpoint(deployed.service.id, 'default', { quota: { calls: 2, renewalPeriod: 0 }, rateLimit: null });
    const endpoint = await account.services.endpoint(deployed.service.id, 'default');
    const request = await vscode.commands.executeCommand<vscode.TextEditor>('modelbay.testService', { kind: 'endpoint', account: serviceRef.account, resource: endpoint });
    let result: SendResult | undefined;
    for (let sends = 0; sends < 4 && result?.status !== 403; sends++) result = await vscode.commands.executeCommand<SendResult>('modelbay.sendRequest', request.document.uri);
    assert.equal(result?.status, 403);
    const text = responseText(result);
    assert.match(text, /^\/\/ QuotaExceeded: /m);
    assert.match(text, /^\/\/ Limits: concurrency \d+ of 20 left; quota 0 of 2 left, for the endpoint’s whole life$/m);
    await account.services.updateEndpoint(deployed.service.id, 'default', { quota: null });
  });

  it('Show Build Log on an image still building follows its build until it ends', async () => {
    // A big asset to copy and hash keeps the build running while the command reads the image.
    const big = await account.uploadAsset('weights.bin', Buffer.alloc(32 * 1024 * 1024, 7));
    const manifest = await account.createManifest({ name: 'gateway-big', driverProgram: deployed.image.manifest.driverProgram, assets: [...deployed.image.manifest.assets, { url: big.url }], modelIds: deployed.image.manifest.modelIds, targetRuntime: { runtimeType: 'Node', properties: {} } });
    const { operation } = await account.createImage({ name: 'gateway-big', manifestId: manifest.id, imageType: 'Docker', computeResourceId: 'local' });
    const imageId = operation.resourceLocation!.split('/').pop()!;
    await vscode.commands.executeCommand('modelbay.showBuildLog', { accountId: 'local', imageId });
    const lines = await eventually('the followed build log', () => modelbay.buildLogs.lines('local', imageId), (l) => l.length > 0, 60_000);
    assert.match(lines[0]!, /^\d{4}-\d{2}-\d{2}T\S+ /, 'each line starts with its time');
    await eventually('the build', () => account.getImage(imageId).then((i) => i.creationState), (state) => state === 'Succeeded', 120_000);
    // A build log only grows: what the channel showed is what the build wrote, in order, nothing twice.
    const written = (await account.getImageBuildLog(imageId)).split('\n').filter(Boolean);
    await eventually('the whole build log in the channel', () => modelbay.buildLogs.lines('local', imageId).length, (n) => n === written.length, 15_000);
    assert.deepEqual([...modelbay.buildLogs.lines('local', imageId)], written);
  });

  it('stops following the log when the service is deleted', async () => {
    const follower = modelbay.serviceLogs.of('local', deployed.service.id)!;
    assert.ok(follower.following);
    assert.ok(await account.services.delete(deployed.service.id));
    await eventually('following', () => follower.following, (following) => !following, 30_000);
  });
});
