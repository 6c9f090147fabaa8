import * as assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FrameLocator, Locator } from 'playwright-core';
import { recordDeploySteps, startVsCodeForUi, type UiSession } from './harness';
import { sampleWorkspace, VSIX, Workbench } from './workbench';

// The Deploy and Register Model forms as a person uses them (issue 9): radio groups that follow the click, no
// character lost when typing fast, a taken service name said as it is typed and offered as an update, the same
// model used again instead of a copy, one panel per subject with workspace-relative paths, a build failure said
// once and wrapped, a spinning codicon for the running step, and no blank gap under Scale.

/** What a person types over a value they selected: the case, "partner1" at 20 ms a key. */
const TYPED = 'partner1';
const TIMES = 6;

describe('UI: the Deploy and Register Model forms', () => {
  let ui: UiSession;
  let bench: Workbench;
  const shot = (name: string) => bench.shot(`forms-${name}`);

  before(async () => {
    const workspace = sampleWorkspace();
    // A text file renamed .onnx: it registers, but its image build must say it is not an ONNX model.
    mkdirSync(join(workspace, 'broken'));
    writeFileSync(join(workspace, 'broken', 'broken.onnx'), 'this is not a model\n');
    ui = await startVsCodeForUi({ vsixPath: VSIX, workspaceFolder: workspace, settings: { 'workbench.colorTheme': 'Default Dark Modern' } });
    bench = new Workbench(ui.page);
    await bench.openExplorer();
    await bench.expand('samples', 'onnx-classifier', '.explorer-folders-view');
    await bench.expand('onnx-classifier', 'iris-classifier.onnx', '.explorer-folders-view');
  });
  afterEach(async function () {
    // What the workbench showed when a test failed, to look at.
    if (this.currentTest?.state === 'failed') await shot(`failed-${this.currentTest.title.slice(0, 40).replace(/\W+/g, '-')}`).catch(() => undefined);
  });
  after(async () => {
    await ui?.close();
  });

  /** Right-click a file in the Explorer, Modelbay > Register Model... or Deploy Model... (the older single entries too). */
  async function fromExplorer(file: string, action: 'Register' | 'Deploy'): Promise<FrameLocator> {
    await bench.openExplorer();
    const row = bench.row(file, '.explorer-folders-view');
    await bench.closeMenus();
    await row.click({ button: 'right' });
    // The menu fills in as it opens: wait for whichever Modelbay entry this build has, not for the first entry.
    const submenuEntry = bench.page.getByRole('menuitem', { name: 'Modelbay', exact: true });
    const singleEntry = bench.page.getByRole('menuitem', { name: `${action} with Modelbay`, exact: true });
    await submenuEntry.or(singleEntry).first().waitFor({ state: 'visible', timeout: 15_000 });
    const submenu = (await submenuEntry.count()) > 0;
    await bench.closeMenus();
    await bench.contextMenuPath(row, submenu ? ['Modelbay', `${action} Model...`] : [`${action} with Modelbay`]);
    const form = bench.webview();
    await form.locator(action === 'Register' ? '#register' : '#deploy').waitFor({ state: 'visible', timeout: 30_000 });
    return form;
  }

  /** Selects what a text field holds and types over it at 20 ms a key, as a person typing fast does. */
  async function typeOver(form: FrameLocator, id: string, text: string): Promise<string> {
    const input = form.locator(`#${id} input`);
    await input.click();
    await bench.page.keyboard.press('Control+A');
    await bench.page.keyboard.type(text, { delay: 20 });
    return input.inputValue();
  }

  /** Waits until the element's own text (its light DOM) matches: a state that lasts, read again until it shows. */
  async function waitForText(locator: Locator, pattern: RegExp, timeoutMs = 10_000): Promise<string> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const text = ((await locator.textContent()) ?? '').trim();
      if (pattern.test(text)) return text;
      if (Date.now() > until) throw new Error(`expected ${String(pattern)}, the element reads "${text}"`);
      await bench.page.waitForTimeout(100);
    }
  }

  const helperOf = (form: FrameLocator, id: string) => form.locator(`vscode-form-group:has(#${id}) vscode-form-helper`);
  const tabs = (title: RegExp) => bench.page.locator('.tabs-container .tab', { hasText: title });

  it('Register form: typing at 20 ms a key over an invalid name keeps every character (item 12)', async () => {
    const form = await fromExplorer('iris-classifier.onnx', 'Register');
    for (let i = 0; i < TIMES; i++) {
      await bench.fill(form, 'name', 'Bad Name!');
      await helperOf(form, 'name').filter({ hasText: /letters, digits/i }).waitFor({ timeout: 10_000 });
      assert.equal(await typeOver(form, 'name', TYPED), TYPED, `try ${i + 1}: the name as typed`);
    }
    await helperOf(form, 'name').filter({ hasNotText: /letters, digits/i }).waitFor({ timeout: 10_000 });
  });

  it('Register form: a workspace-relative path, a tab named by the file; registers a plain file', async () => {
    const form = bench.webview();
    // Registered as a plain file (not application/onnx), so the Deploy form cannot suggest a runtime for it.
    await bench.fill(form, 'name', 'irisplain');
    await bench.fill(form, 'mime', 'application/octet-stream');
    await form.locator('#register').click();
    await form.locator('.success', { hasText: 'Registered irisplain version 1.' }).waitFor({ timeout: 60_000 });
    await shot('dark-register-form');
    assert.equal(await form.locator('#source input').inputValue(), 'samples/onnx-classifier/iris-classifier.onnx', 'the path relative to the workspace');
    assert.equal(await tabs(/^Register iris-classifier/).count(), 1, 'the tab is named by what it registers');
  });

  it('Deploy form: the runtime and scale radios follow the click, and what was clicked is deployed (item 1; item 13 title)', async () => {
    await bench.webview().locator('#deploy-it').click();
    const form = bench.webview();
    await form.locator('#deploy').waitFor({ state: 'visible', timeout: 30_000 });
    assert.equal(await form.locator('#runtime vscode-radio[checked]').count(), 0, 'no runtime suggested for an octet-stream model');
    await form.locator('#deploy').click();
    await helperOf(form, 'runtime').filter({ hasText: 'Choose a runtime.' }).waitFor({ timeout: 10_000 });

    await form.locator('vscode-radio[value="Python"]').click();
    await form.locator('#driver').waitFor({ state: 'visible', timeout: 10_000 });
    await form.locator('vscode-radio[value="Onnx"]').click();
    await form.locator('#driver').waitFor({ state: 'hidden', timeout: 10_000 });
    await helperOf(form, 'runtime').filter({ hasNotText: 'Choose a runtime.' }).waitFor({ timeout: 10_000 });

    await form.locator('vscode-radio[value="auto"]').click();
    await form.locator('#min').waitFor({ state: 'visible', timeout: 10_000 });
    await form.locator('#replicas').waitFor({ state: 'hidden', timeout: 10_000 });
    await bench.fill(form, 'min', '2');
    await bench.fill(form, 'max', '2');
    assert.equal(await form.locator('#service-name input').inputValue(), 'irisplain', 'the name suggested from the model');
    await form.locator('#deploy').click();
    await form.locator('.success', { hasText: 'irisplain is running.' }).waitFor({ timeout: 120_000 });
    await shot('dark-deploy-form-registered-model');

    // What was clicked went out: the service autoscales with 2 replicas (fixed would be 1).
    await bench.openModelbayView();
    await bench.expand('Local', 'Services');
    await bench.expand('Services', 'irisplain');
    await bench.page.locator('.pane-body .monaco-list-row', { hasText: /irisplain.*running · 2 replicas/ }).first().waitFor({ timeout: 30_000 });
    assert.equal(await tabs(/^Deploy irisplain:1/).count(), 1, 'the tab is named by the model it deploys');
  });

  it('Deploy form from a file: one panel titled with the model, a workspace-relative path (item 13)', async () => {
    const form = await fromExplorer('iris-classifier.onnx', 'Deploy');
    await fromExplorer('iris-classifier.onnx', 'Deploy');
    assert.equal(await tabs(/^Deploy iris-classifier/).count(), 1, 'deploying the same file again shows its panel');
    assert.equal((await form.locator('#model vscode-option[value="__file__"]').textContent())?.trim(), 'Register samples/onnx-classifier/iris-classifier.onnx');
  });

  it('Deploy form: no blank gap under Scale (cosmetic)', async () => {
    const gaps = await (await bench.webviewFrame('#deploy')).evaluate<{ nameToScale: number; scaleToReplicas: number }>(`(() => {
      const group = (id) => document.getElementById(id).closest('vscode-form-group').getBoundingClientRect();
      return { nameToScale: group('scale').top - group('service-name').bottom, scaleToReplicas: group('replicas').top - group('scale').bottom };
    })()`);
    assert.ok(gaps.scaleToReplicas <= gaps.nameToScale + 1, `the gap under Scale (${gaps.scaleToReplicas}px) is the gap between fields (${gaps.nameToScale}px)`);
  });

  it('Deploy form: typing at 20 ms a key over an invalid service name keeps every character (item 12)', async () => {
    const form = bench.webview();
    for (let i = 0; i < TIMES; i++) {
      await bench.fill(form, 'service-name', 'Bad Name!');
      await helperOf(form, 'service-name').filter({ hasText: /letters, digits/i }).waitFor({ timeout: 10_000 });
      assert.equal(await typeOver(form, 'service-name', TYPED), TYPED, `try ${i + 1}: the name as typed`);
    }
  });

  it('Deploy form: a step shows a spinning codicon while it runs, a check when done (cosmetic)', async () => {
    const form = bench.webview();
    await bench.fill(form, 'service-name', 'iris');
    await waitForText(form.locator('#deploy'), /^Deploy$/);
    const steps = await recordDeploySteps(await bench.webviewFrame('#deploy'));
    await form.locator('#deploy').click();
    await shot('dark-deploy-form-running'); // shows a running step only if the deploy is still running: a picture, not a check
    await form.locator('.success', { hasText: 'iris is running.' }).waitFor({ timeout: 120_000 });
    await steps.stop();
    assert.match((await form.locator('li[data-step="register"]').textContent()) ?? '', /iris-classifier:1$/);
    const seen = await steps.seen();
    assert.ok(seen.includes('image running loading spin'), `a spinning codicon while a step runs; seen: ${JSON.stringify(seen)}`);
    assert.ok(seen.includes('service done pass'), `a check when it is done; seen: ${JSON.stringify(seen)}`);
    const frame = await bench.webviewFrame('#deploy');
    assert.ok(await frame.evaluate("[...document.fonts].some((f) => f.family.replace(/[\"']/g, '') === 'codicon' && f.status === 'loaded')"), 'the codicon font loaded under the CSP');
  });

  it('Deploy form: a taken name is said as it is typed and offered as an update; the same file is not registered again (item 3)', async () => {
    const form = bench.webview();
    const url = await form.locator('#scoring-uri').textContent();

    // The name exists now: the form says so as it is typed, and the button offers the update.
    await bench.fill(form, 'service-name', 'iri');
    await waitForText(form.locator('#deploy'), /^Deploy$/);
    await bench.fill(form, 'service-name', 'iris');
    await waitForText(form.locator('#deploy'), /^Update iris$/);
    await helperOf(form, 'service-name').filter({ hasText: /iris exists \(running · 1 replica\)/ }).waitFor({ timeout: 10_000 });
    await shot('dark-deploy-form-offers-update');

    await form.locator('#deploy').click();
    await form.locator('.success', { hasText: 'iris is updated and running.' }).waitFor({ timeout: 120_000 });
    assert.match((await form.locator('li[data-step="register"]').textContent()) ?? '', /iris-classifier:1, already registered/, 'the same content is used again');
    assert.match((await form.locator('li[data-step="service"]').textContent()) ?? '', /Update iris/);
    assert.equal(await form.locator('#scoring-uri').textContent(), url, 'the same service: its scoring URL is kept');
    await shot('dark-deploy-form-updated');

    await bench.openModelbayView();
    await bench.expand('Local', 'Models');
    await bench.expand('Models', 'iris-classifier');
    await bench.expand('iris-classifier', 'Version 1');
    assert.equal(await bench.page.locator('.pane-body .monaco-list-row', { hasText: /^Version 2/ }).count(), 0, 'no copy of the model was registered');
  });

  it('Create Service refuses a taken name as it is typed, before anything is done (item 2)', async () => {
    await bench.runCommand('Modelbay: Create Service...');
    await bench.answerInput('iris');
    const input = bench.page.locator('.quick-input-widget input').first();
    await bench.page.locator('.quick-input-widget .quick-input-title', { hasText: 'Service name' }).waitFor({ timeout: 15_000 });
    const suggested = await input.inputValue();
    await input.press('End');
    await bench.page.keyboard.type('x');
    await bench.page.keyboard.press('Backspace');
    const message = bench.page.locator('.quick-input-widget .quick-input-message', { hasText: `A service named ${suggested} already exists` });
    await message.waitFor({ timeout: 15_000 });
    await input.press('Enter');
    await bench.page.locator('.quick-input-widget .quick-input-title', { hasText: 'Service name' }).waitFor({ timeout: 5_000 });
    assert.ok(await message.isVisible(), 'Enter does not take a taken name');
    await shot('dark-create-service-taken-name');
    await bench.page.keyboard.press('Escape');
  });

  it('Deploy form: a file that is not an ONNX model fails its build, said once, wrapped inside the form (item 5)', async () => {
    await bench.openExplorer();
    await bench.row('broken', '.explorer-folders-view').click();
    await bench.row('broken.onnx', '.explorer-folders-view').waitFor({ timeout: 30_000 });
    const form = await fromExplorer('broken.onnx', 'Deploy');
    await bench.fill(form, 'service-name', 'broken');
    await waitForText(form.locator('#deploy'), /^Deploy$/);
    await form.locator('#deploy').click();
    const error = form.locator('#deploy-error');
    await error.waitFor({ timeout: 120_000 });
    assert.match((await error.textContent()) ?? '', /broken\.onnx is not a valid ONNX model/);
    await error.scrollIntoViewIfNeeded();
    await shot('dark-deploy-form-failed');
    const frame = await bench.webviewFrame('#deploy');
    const page = await frame.evaluate<{ text: string; scrollWidth: number; width: number }>('({ text: document.body.innerText, scrollWidth: document.documentElement.scrollWidth, width: document.documentElement.clientWidth })');
    assert.equal(page.text.split('is not a valid ONNX model').length - 1, 1, `said once:\n${page.text}`);
    assert.ok(page.scrollWidth <= page.width, `wrapped: the page is ${page.scrollWidth}px wide in ${page.width}px`);
    await form.locator('li[data-step="image"][data-state="failed"] vscode-icon[name="error"]').waitFor({ timeout: 10_000 });
  });

  it('looks right in the light theme too', async () => {
    // Chosen as a person does (code-server does not follow a settings.json written behind its back); the open
    // panels follow the workbench at once.
    await bench.openExplorer();
    await bench.row('README.md', '.explorer-folders-view').click();
    await bench.runCommand('Preferences: Color Theme');
    await bench.page.locator('.quick-input-widget .quick-input-list-row', { hasText: 'Light Modern' }).first().waitFor({ timeout: 15_000 });
    await bench.answerInput('Default Light Modern');
    await bench.page.locator('.monaco-workbench.vs').first().waitFor({ timeout: 30_000 });
    await bench.runCommand('Notifications: Clear All Notifications');
    await tabs(/^Deploy broken/).first().click();
    await shot('light-deploy-form-failed');
    await tabs(/^Deploy iris-classifier/).first().click();
    await bench.webview().locator('#deploy').waitFor({ state: 'visible', timeout: 30_000 });
    await shot('light-deploy-form-updated');
    await tabs(/^Register iris-classifier/).first().click();
    await bench.webview().locator('#register').waitFor({ state: 'visible', timeout: 30_000 });
    await shot('light-register-form');
  });
});
