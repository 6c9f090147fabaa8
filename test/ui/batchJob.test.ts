import * as assert from 'node:assert/strict';
import type { AccountClient } from '../../src/api/client';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { DOUBLING_JOB_DRIVER } from '../server/helpers/batchFixtures';
import { buildImage, deployImage, sampleFile } from '../server/helpers/deploy';
import { localServiceAccess, recordStatusBar, startVsCodeForUi, type UiSession } from './harness';
import { sampleWorkspace, VSIX, Workbench } from './workbench';

// Batch scoring as a person does it (issue 11, item 5): right-click the sample CSV -> Modelbay > Score with Modelbay...,
// submit the form; the status bar follows the job, the job shows under its endpoint, and when it finishes its output
// opens beside the input. The iris sample is deployed "elsewhere" (the API client); the rest goes through the workbench.

describe('UI: Score with Modelbay... on a CSV, from the Explorer to the output beside it', () => {
  let ui: UiSession;
  let bench: Workbench;
  let service: AccountClient;
  let workspace: string;
  const shot = (name: string) => bench.shot(`batch-job-${name}`);

  before(async () => {
    workspace = sampleWorkspace();
    ui = await startVsCodeForUi({ vsixPath: VSIX, workspaceFolder: workspace, settings: { 'workbench.colorTheme': 'Default Dark Modern' } });
    bench = new Workbench(ui.page);
    await bench.openModelbayView();
    await bench.expand('Local', 'Services'); // starts the Local service
    service = (await localServiceAccess(ui)).account;
    const image = await buildImage(service, 'iris', 'Onnx', {}, { model: { file: 'iris-classifier.onnx', content: await sampleFile('onnx-classifier/iris-classifier.onnx') } });
    await deployImage(service, image, 'iris');
    await bench.runCommand('Modelbay: Refresh');
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await shot(`failed-${this.currentTest.title.slice(0, 40).replace(/\W+/g, '-')}`).catch(() => undefined);
  });
  after(async () => {
    await ui?.close();
  });

  it('right-click iris.csv -> Modelbay > Score with Modelbay... opens the form with the file; Submit runs the job; its output opens beside the input', async () => {
    await bench.openExplorer();
    await bench.expand('samples', 'onnx-classifier', '.explorer-folders-view');
    await bench.expand('onnx-classifier', 'iris.csv', '.explorer-folders-view');
    await bench.contextMenuPath(bench.row('iris.csv', '.explorer-folders-view'), ['Modelbay', 'Score with Modelbay...']);
    // One running service with one endpoint: nothing to pick, the form opens at once.
    const form = bench.webview();
    const submit = form.locator('#submit');
    await submit.waitFor({ state: 'visible', timeout: 30_000 });
    assert.match((await form.locator('#target').textContent()) ?? '', /iris \/ default \(Local\)/);
    assert.equal(await form.locator('#file input').first().inputValue(), 'samples/onnx-classifier/iris.csv');
    const parameters = form.locator('#global-parameters textarea').first();
    await parameters.fill('bad line');
    await form.locator('vscode-form-helper.problem', { hasText: 'write name=value' }).waitFor({ timeout: 10_000 });
    await bench.page.waitForTimeout(300);
    await shot('01-form-with-a-problem');
    await parameters.fill('');
    const statusBar = await recordStatusBar(bench.page);
    await submit.click();
    await statusBar.seen(/Modelbay job · iris\.csv/, 60_000);

    // The output beside the input: two editor groups, the input on the left, the output's tab on the right.
    const output = bench.page.locator('.editor-group-container .tab', { hasText: /^iris\.output1\.[0-9a-f]{8}\.csv/ }).first();
    await output.waitFor({ timeout: 60_000 });
    const groups = bench.page.locator('.editor-group-container');
    assert.equal(await groups.count(), 2, 'the output opened in a second group');
    assert.equal(await groups.nth(0).locator('.tab', { hasText: /^\s*iris\.csv\s*$/ }).count(), 1, 'the input on the left');
    assert.equal(await groups.nth(1).locator('.tab', { hasText: /iris\.output1\./ }).count(), 1, 'the output on the right');
    await groups.nth(1).locator('.view-lines', { hasText: 'probabilities.0' }).first().waitFor({ timeout: 30_000 });
    await bench.statusItem(/Modelbay job · /).waitFor({ state: 'hidden', timeout: 30_000 });
    await statusBar.stop();
    await shot('02-output-beside-input');
    // The input's editor opened over the form, which followed the job to its end: back on its tab, it says so.
    await bench.page.locator('.editor-group-container .tab', { hasText: 'Score iris.csv · iris/default' }).first().click();
    await bench.webview().locator('#job-state[data-state="Finished"]', { hasText: /has finished · 12\/12 rows/ }).waitFor({ timeout: 30_000 });
    await shot('02b-form-after-the-job');
    // Done with it, as a person is: the next form then has no earlier one kept alive under it (a CI run clicked the
    // next form's Submit while an earlier form's webview still covered it).
    await bench.runCommand('View: Close All Editors');
  });

  it('the job shows under its endpoint in the tree, finished, with its rows; its menu offers Open Output, Show Job Details and Delete Job', async () => {
    await bench.openModelbayView();
    await bench.expand('Services', 'iris');
    await bench.expand('iris', 'Endpoints');
    await bench.expand('Endpoints', 'default');
    await bench.expand('default', 'iris.csv');
    const job = bench.page.locator('.pane-body .monaco-list-row', { hasText: /iris\.csv.*finished · 12\/12 rows/ }).first();
    await job.waitFor({ timeout: 30_000 });
    await shot('03-job-in-tree');
    const items = await bench.menuItems(job);
    for (const item of ['Open Output', 'Show Job Details', 'Delete Job']) assert.ok(items.includes(item), `${item} in ${items.join(', ')}`);
    assert.ok(!items.includes('Cancel Job'), 'a finished job cannot be cancelled');
  });

  it('Delete Job from the tree, after a confirmation, removes the row', async () => {
    const job = bench.page.locator('.pane-body .monaco-list-row', { hasText: /iris\.csv.*finished/ }).first();
    await bench.contextMenu(job, 'Delete Job');
    await bench.dialogButton('Delete');
    await bench.row('No batch jobs yet', '.pane-body').waitFor({ timeout: 30_000 });
    await shot('04-job-deleted');
  });

  it('a job that fails says why in a notification; Show Details opens the job as JSON', async () => {
    await fs.writeFile(join(workspace, 'bad.csv'), 'sepal_length,sepal_width,petal_length,petal_width\n5.1,3.5,1.4,0.2\n6.3,three,6.0,2.5\n');
    await bench.openExplorer();
    await bench.contextMenuPath(bench.row('bad.csv', '.explorer-folders-view'), ['Modelbay', 'Score with Modelbay...']);
    const form = bench.webview();
    await form.locator('#submit').waitFor({ state: 'visible', timeout: 30_000 });
    await form.locator('#submit').click();
    const toast = bench.notification(/bad\.csv on iris\/default failed: /);
    await toast.waitFor({ timeout: 60_000 });
    await form.locator('#job-state[data-state="Failed"]').waitFor({ timeout: 30_000 });
    await shot('05a-failed-job');
    await toast.locator('.monaco-button', { hasText: 'Show Details' }).click();
    await bench.page.locator('.editor-group-container .view-lines', { hasText: '"StatusCode": "Failed"' }).first().waitFor({ timeout: 30_000 });
    await shot('05b-failed-job-details');
    await bench.runCommand('View: Close All Editors');
  });

  /** The running numbers.csv job's row under doubling's default endpoint, its folders opened as a person does. */
  const runningNumbersJob = async () => {
    await bench.expand('Local', 'Services');
    await bench.expand('Services', 'doubling');
    await bench.expand('doubling', 'Endpoints');
    await bench.expand('Endpoints', 'default');
    await bench.expand('default', 'numbers.csv');
    return bench.page.locator('.pane-body .monaco-list-row', { hasText: /numbers\.csv.*running/ }).first();
  };

  it('a long job: the endpoint is picked, the status bar counts its rows, and Cancel Job in the tree stops it', async () => {
    // A driver that waits GlobalParameters.delayMs per batch of 500 rows: 20,000 rows take about 80 s.
    const image = await buildImage(service, 'doubling', 'Node', { 'score.js': DOUBLING_JOB_DRIVER }, { driver: 'score.js' });
    await deployImage(service, image, 'doubling');
    await fs.writeFile(join(workspace, 'numbers.csv'), ['n', ...Array.from({ length: 20000 }, (_, i) => String(i))].join('\n'));
    await bench.openExplorer();
    await bench.contextMenuPath(bench.row('numbers.csv', '.explorer-folders-view'), ['Modelbay', 'Score with Modelbay...']);
    const offered = await bench.quickPickRows('doubling · default');
    assert.ok(offered.some((row) => row.startsWith('iris · default')), `both running services' endpoints: ${offered.join(' | ')}`);
    await bench.choose('doubling · default');
    const form = bench.webview();
    await form.locator('#submit').waitFor({ state: 'visible', timeout: 30_000 });
    await form.locator('#global-parameters textarea').first().fill('delayMs=2000');
    const statusBar = await recordStatusBar(bench.page);
    await form.locator('#submit').click();
    await statusBar.seen(/Modelbay job · numbers\.csv [1-9]\d*(\/20000)? rows/, 60_000);
    await bench.openModelbayView();
    await bench.runCommand('Modelbay: Refresh');
    // iris's rows are open from before: fold everything so the rows opened now are doubling's.
    await bench.page.locator('.part.sidebar .action-label[aria-label^="Collapse All"]').first().click();
    const running = await runningNumbersJob();
    await running.waitFor({ timeout: 30_000 });
    await shot('06-running-job-and-status-bar');
    await bench.contextMenu(running, 'Cancel Job');
    await bench.dialogButton('Cancel Job');
    await bench.statusItem(/Modelbay job · numbers/).waitFor({ state: 'hidden', timeout: 30_000 });
    await bench.page.locator('.pane-body .monaco-list-row', { hasText: 'numbers.csv' }).first().waitFor({ state: 'hidden', timeout: 30_000 });
    await statusBar.stop();
    await bench.webview().locator('#job-state[data-state="Cancelled"]', { hasText: /was cancelled/ }).waitFor({ timeout: 30_000 });
    await shot('07-job-cancelled');
    await bench.runCommand('View: Close All Editors');
  });

  it('a job running when the window reloads is followed again: the status bar and the tree pick it up', async () => {
    await bench.openExplorer();
    await bench.contextMenuPath(bench.row('numbers.csv', '.explorer-folders-view'), ['Modelbay', 'Score with Modelbay...']);
    await bench.choose('doubling · default');
    const form = bench.webview();
    await form.locator('#submit').waitFor({ state: 'visible', timeout: 30_000 });
    await form.locator('#global-parameters textarea').first().fill('delayMs=2000');
    await form.locator('#submit').click();
    await bench.statusItem(/Modelbay job · numbers\.csv/).waitFor({ timeout: 60_000 });
    // As a person reloads (the workbench shuts down in order and saves its state), not a browser refresh.
    await bench.runCommand('Developer: Reload Window');
    await bench.page.waitForEvent('load', { timeout: 60_000 });
    await bench.page.locator('.monaco-workbench .activitybar').first().waitFor({ state: 'visible', timeout: 60_000 });
    // A new extension host: the job comes back from global state (the Local service was restarted with the window).
    await bench.statusItem(/Modelbay job · numbers\.csv \d+/).waitFor({ timeout: 90_000 });
    await bench.openModelbayView();
    const running = await runningNumbersJob();
    await running.waitFor({ timeout: 60_000 });
    await shot('08-job-followed-after-reload');
    await bench.contextMenu(running, 'Cancel Job');
    await bench.dialogButton('Cancel Job');
    await bench.statusItem(/Modelbay job · numbers/).waitFor({ state: 'hidden', timeout: 30_000 });
  });
});
