import * as assert from 'node:assert/strict';
import { recordStatusBar, startVsCodeForUi, type UiSession } from './harness';
import { sampleWorkspace, VSIX, Workbench } from './workbench';

const THEMES = [
  { name: 'dark', setting: 'Default Dark Modern' },
  { name: 'light', setting: 'Default Light Modern' },
  { name: 'high-contrast', setting: 'Default High Contrast' },
];

for (const theme of THEMES) {
  describe(`UI (${theme.name} theme): from a model file to a tested service, as a person does it`, () => {
    let ui: UiSession;
    let bench: Workbench;
    const shot = (name: string) => bench.shot(`${theme.name}-${name}`);
    before(async () => {
      ui = await startVsCodeForUi({ vsixPath: VSIX, workspaceFolder: sampleWorkspace(), settings: { 'workbench.colorTheme': theme.setting } });
      bench = new Workbench(ui.page);
    });
    after(async () => {
      await ui?.close();
    });

    it('opens the Modelbay view: the Local account and its folders', async () => {
      await bench.openModelbayView();
      await bench.expand('Local', 'Models');
      for (const folder of ['Manifests', 'Images', 'Services']) assert.ok(await bench.row(folder, '.pane-body').isVisible());
      await shot('01-modelbay-view');
    });

    it('right-click the sample .onnx -> Modelbay > Register Model...: the form, prefilled, registers version 1', async () => {
      await bench.openExplorer();
      await bench.expand('samples', 'onnx-classifier', '.explorer-folders-view');
      await bench.expand('onnx-classifier', 'iris-classifier.onnx', '.explorer-folders-view');
      await bench.contextMenuPath(bench.row('iris-classifier.onnx', '.explorer-folders-view'), ['Modelbay', 'Register Model...']);
      const form = bench.webview();
      await form.locator('#register').waitFor({ state: 'visible', timeout: 30_000 });
      await bench.fill(form, 'tags', 'demo, iris');
      await form.locator('#register').click();
      await form.locator('.success', { hasText: 'Registered iris-classifier version 1.' }).waitFor({ timeout: 60_000 });
      await shot('02a-register-form-done');
      await bench.page.keyboard.press('Control+W');
    });

    it('right-click the sample .onnx -> Modelbay > Deploy Model... opens the form prefilled; submit; the status bar counts', async () => {
      await bench.openExplorer();
      await bench.contextMenuPath(bench.row('iris-classifier.onnx', '.explorer-folders-view'), ['Modelbay', 'Deploy Model...']);
      const form = bench.webview();
      const submit = form.locator('#deploy');
      await submit.waitFor({ state: 'visible', timeout: 30_000 });
      assert.equal(await form.locator('vscode-radio[value="Onnx"]').getAttribute('checked'), '', 'Onnx suggested for an .onnx file');
      await bench.fill(form, 'service-name', 'Bad Name!');
      assert.match((await form.locator('vscode-form-helper.problem').first().textContent()) ?? '', /letters, digits/i);
      await bench.fill(form, 'service-name', 'iris');
      await form.locator('#deploy:not([disabled])').waitFor({ timeout: 10_000 });
      await shot('02-deploy-form');
      // The operations item can come and go between two looks (a second deploy of the same model is quick), so
      // the status bar is recorded from before the click and the test asserts on what the record holds.
      const statusBar = await recordStatusBar(bench.page);
      await submit.click();
      await statusBar.seen(/Modelbay \d+ · (Building image|Deploying) iris/, 60_000);
      await shot('03-status-bar-during-deploy'); // shows the item only if the deploy is still running: a picture, not a check
      await form.locator('.success', { hasText: 'iris is running' }).waitFor({ timeout: 120_000 });
      assert.match((await form.locator('#scoring-uri').textContent()) ?? '', /^http:\/\/127\.0\.0\.1:\d+\/score\//);
      assert.equal(await form.locator('li[data-state="done"]').count(), 4, 'register, manifest, image and service done');
      assert.match((await form.locator('li[data-step="register"]').textContent()) ?? '', /iris-classifier:1, already registered/, 'the version registered above (same content), not a copy');
      // Afterwards the item is gone: a state that lasts, so waiting for it cannot miss it.
      await bench.statusItem(/Modelbay \d+ · /).waitFor({ state: 'hidden', timeout: 30_000 });
      await statusBar.stop();
      await shot('04-deploy-form-done');
    });

    it('Test service -> Send request: the response beside it holds the right prediction', async () => {
      await bench.webview().locator('#test-service').click();
      await bench.page.locator('.monaco-editor .view-lines', { hasText: '"target"' }).first().waitFor({ timeout: 30_000 });
      await bench.sendRequestWithCodeLens();
      const response = await bench.responseText();
      assert.match(response, /HTTP 200/);
      assert.match(response, /"label"/);
      await shot('05-request-and-response');
    });

    it('a wrong input shows the service error in the response', async () => {
      await bench.replaceInEditor('FP32', 'INT64');
      await bench.sendRequestWithKeybinding();
      const response = await bench.responseText(/HTTP\s400/);
      assert.match(response, /InputParseError/);
      // The response wraps long lines as a person sees them: compare the words, not where the lines break.
      assert.match(response.replace(/\s+/g, ''), /datatypeisINT64;input'input'takesFP32/);
      await shot('06-wrong-input');
    });

    it('service details: regenerate the primary key of the default endpoint', async () => {
      await bench.openModelbayView();
      await bench.expand('Services', 'iris');
      await bench.contextMenu(bench.row('iris', '.pane-body'), 'Show Service Details');
      const details = bench.webview();
      const key = details.locator('#key-default-primary');
      await key.waitFor({ timeout: 30_000 });
      const before = await key.textContent();
      await details.locator('#regenerate-default-primary').click();
      await bench.page.locator('.monaco-dialog-box .monaco-button', { hasText: 'Regenerate' }).first().click();
      await details.locator('#key-default-primary').filter({ hasNotText: before ?? '' }).waitFor({ timeout: 30_000 });
      await shot('07-service-details');
    });

    it('shows the running service with its endpoint in the tree', async () => {
      await bench.openModelbayView();
      // The row may still show the state from before the deploy ended until the tree refreshes: wait for it.
      await bench.page.locator('.pane-body .monaco-list-row', { hasText: /iris.*running · 1 replica/ }).first().waitFor({ timeout: 30_000 });
      await bench.expand('iris', 'Endpoints');
      await bench.expand('Endpoints', 'default');
      await shot('08-tree-with-deployed-sample');
    });
  });
}
