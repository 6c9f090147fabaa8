import * as assert from 'node:assert/strict';
import { startVsCodeForUi, type UiSession } from './harness';
import { sampleWorkspace, VSIX, Workbench } from './workbench';

describe('UI: deploy a model from the Explorer and watch it in the tree and the status bar', () => {
  let ui: UiSession;
  let bench: Workbench;
  before(async () => {
    ui = await startVsCodeForUi({ vsixPath: VSIX, workspaceFolder: sampleWorkspace() });
    bench = new Workbench(ui.page);
  });
  after(async () => {
    await ui?.close();
  });

  it('opens the Modelbay view with the Local account and its folders', async () => {
    await bench.openModelbayView();
    await bench.expand('Local', 'Models');
    for (const folder of ['Manifests', 'Images', 'Services']) assert.ok(await bench.row(folder, '.pane-body').isVisible());
    await bench.shot('01-modelbay-view');
  });

  it('right-click the sample .onnx -> Deploy with Modelbay: the status bar counts the operations', async () => {
    await bench.openExplorer();
    await bench.expand('samples', 'onnx-classifier', '.explorer-folders-view');
    await bench.expand('onnx-classifier', 'iris-classifier.onnx', '.explorer-folders-view');
    await bench.contextMenu(bench.row('iris-classifier.onnx', '.explorer-folders-view'), 'Deploy with Modelbay');
    await bench.answerInput('iris');
    const status = bench.statusItem('Modelbay');
    await status.waitFor({ state: 'visible', timeout: 60_000 });
    assert.match((await status.textContent()) ?? '', /Modelbay \d+ · (Building image|Deploying) iris/);
    await bench.shot('02-status-bar-during-deploy');
    await bench.notification(/Service iris is running/).waitFor({ state: 'visible', timeout: 120_000 });
    await status.waitFor({ state: 'hidden', timeout: 30_000 });
    await bench.shot('03-deployed-notification');
  });

  it('shows the running service with its endpoint and deployment in the tree', async () => {
    await bench.openModelbayView();
    await bench.expand('Services', 'iris');
    const service = bench.row('iris', '.pane-body');
    assert.match((await service.textContent()) ?? '', /running · 1 replica/);
    await bench.expand('iris', 'Endpoints');
    await bench.expand('Endpoints', 'default');
    await bench.expand('Models', 'iris-classifier');
    await bench.shot('04-tree-with-deployed-sample');
  });
});
