import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator } from 'playwright-core';
import { buildImage, deployImage, SAMPLES } from '../server/helpers/deploy';
import { localServiceAccess, startVsCodeForUi, type LocalServiceAccess, type UiSession } from './harness';
import { sampleWorkspace, VSIX, Workbench } from './workbench';

const THEMES = [
  { name: 'dark', setting: 'Default Dark Modern' },
  { name: 'light', setting: 'Default Light Modern' },
];

const IRIS = { file: 'iris-classifier.onnx', content: readFileSync(join(SAMPLES, 'onnx-classifier', 'iris-classifier.onnx')) };
/** A Node driver whose init() throws: its service fails to start. */
const BROKEN_DRIVER = "exports.init = () => { throw new Error('the weights are missing'); };\nexports.run = (input) => input;\n";
const SCORING_ENTRIES = ['Copy Scoring URL', 'Test Service', 'Show Code to Call This Endpoint...'];

for (const theme of THEMES) {
  describe(`UI (${theme.name} theme): tree, menus, accounts and commands`, () => {
    let ui: UiSession;
    let bench: Workbench;
    let local: LocalServiceAccess;
    const shot = (name: string) => bench.shot(`${theme.name}-tree-${name}`);
    const explorerRow = (name: string) => bench.row(name, '.explorer-folders-view');
    /** The Modelbay tree's row labelled exactly `label` (and showing `description`, when given). */
    const treeRow = (label: string, description?: RegExp) => {
      let row = bench.page.locator('.pane-body .monaco-list-row').filter({ has: bench.page.locator('.label-name').getByText(label, { exact: true }) });
      if (description) row = row.filter({ has: bench.page.locator('.label-description', { hasText: description }) });
      return row.first();
    };

    /** The entries of a row's "Modelbay" submenu in the Explorer (empty when the row has none). */
    async function modelbaySubmenu(row: Locator): Promise<string[]> {
      if (!(await bench.menuItems(row)).includes('Modelbay')) return [];
      await row.click({ button: 'right' });
      await bench.page.getByRole('menuitem', { name: 'Modelbay', exact: true }).first().hover();
      const entries = bench.page.locator('.context-view .monaco-submenu .action-label');
      await entries.first().waitFor({ state: 'visible', timeout: 15_000 });
      const texts = (await entries.allTextContents()).map((t) => t.trim()).filter(Boolean);
      await bench.page.keyboard.press('Escape');
      await bench.page.keyboard.press('Escape');
      return texts;
    }

    /**
     * Expands a Modelbay tree row until it shows as expanded (a click that lands while the tree re-renders after a
     * refresh is lost, so it is clicked again), then waits for a child row.
     */
    async function expandRow(label: string, child: string | RegExp): Promise<void> {
      const row = treeRow(label);
      await row.waitFor({ timeout: 30_000 });
      const until = Date.now() + 30_000;
      while ((await row.getAttribute('aria-expanded')) !== 'true') {
        assert.ok(Date.now() < until, `the row ${label} never expanded`);
        await row.click();
        await bench.page.waitForTimeout(300);
      }
      await bench.page.locator('.pane-body .monaco-list-row', { hasText: child }).first().waitFor({ timeout: 60_000 });
    }

    /** Update Service... on a service row: what to change, then each answer in turn. */
    /** Update Service... on a service row, then the setting to change (a row of the first pick). */
    async function updateService(service: string, change: RegExp): Promise<void> {
      await bench.contextMenu(treeRow(service), 'Update Service...');
      await bench.choose(change);
    }
    const REPLICAS_PROMPT = /0 stops the service/;

    before(async () => {
      ui = await startVsCodeForUi({ vsixPath: VSIX, workspaceFolder: sampleWorkspace(), settings: { 'workbench.colorTheme': theme.setting } });
      bench = new Workbench(ui.page);
    });
    after(async () => {
      await ui?.close();
    });
    // A test that failed half-way may leave a menu, a picker or a dialog open: the next test starts without it.
    afterEach(async function () {
      if (this.currentTest?.state === 'failed') await shot(`failed-${this.currentTest.title.slice(0, 30).replace(/\W+/g, '-')}`);
      for (let i = 0; i < 3; i++) await bench.page.keyboard.press('Escape');
    });

    it('Explorer: Modelbay > Register Model... and Deploy Model... only on model files, drivers and the folders holding them', async () => {
      await bench.openExplorer();
      await bench.expand('samples', 'onnx-classifier', '.explorer-folders-view');
      await bench.expand('onnx-classifier', 'iris-classifier.onnx', '.explorer-folders-view');
      await bench.expand('feature-hashing', 'score.py', '.explorer-folders-view');
      // The folders holding models are found in the background after start: wait until the menu shows it, a state that lasts.
      const until = Date.now() + 30_000;
      while (!(await bench.menuItems(explorerRow('onnx-classifier'))).includes('Modelbay')) {
        assert.ok(Date.now() < until, 'the model folder onnx-classifier never offered the Modelbay entries');
        await bench.page.waitForTimeout(250);
      }
      for (const name of ['README.md', 'deploy.sh', 'samples', 'make-model.js', 'expected.json']) {
        const entries = await bench.menuItems(explorerRow(name));
        assert.deepEqual(entries.filter((e) => /modelbay|register|deploy/i.test(e)), [], `${name} offers no Modelbay entry`);
      }
      assert.deepEqual(await modelbaySubmenu(explorerRow('onnx-classifier')), ['Register Model...', 'Deploy Model...']);
      assert.deepEqual(await modelbaySubmenu(explorerRow('iris-classifier.onnx')), ['Register Model...', 'Deploy Model...']);
      assert.deepEqual(await modelbaySubmenu(explorerRow('score.py')), ['Deploy Model...'], 'a driver is deployed (its folder is the model), not registered');
      await explorerRow('iris-classifier.onnx').click({ button: 'right' });
      await bench.page.getByRole('menuitem', { name: 'Modelbay', exact: true }).first().hover();
      await bench.page.locator('.context-view .monaco-submenu .action-label', { hasText: 'Deploy Model...' }).first().waitFor({ state: 'visible' });
      await shot('01-explorer-submenu');
      await bench.page.keyboard.press('Escape');
      await bench.page.keyboard.press('Escape');
    });

    it('the Command Palette has one Register Model... and one Deploy Model...', async () => {
      await bench.page.keyboard.press('Control+Shift+P');
      const input = bench.page.locator('.quick-input-widget input').first();
      for (const [typed, expected] of [
        ['Modelbay: Deploy', 'Modelbay: Deploy Model...'],
        ['Modelbay: Register', 'Modelbay: Register Model...'],
      ] as const) {
        await input.fill(`>${typed}`);
        const rows = await bench.quickPickRows(expected);
        const starts = rows.filter((r) => r.startsWith(typed));
        assert.equal(starts.length, 1, `one command starts with "${typed}": ${JSON.stringify(rows)}`);
        assert.ok(starts[0]!.startsWith(expected), starts[0]);
      }
      await bench.page.keyboard.press('Escape');
    });

    it('a service scaled to 0 shows stopped, a failed one failed: neither offers its scoring URL, Test or code', async () => {
      await bench.openModelbayView();
      await expandRow('Local', 'Models');
      local = await localServiceAccess(ui);
      // Prepared as another client would (what the forms do is another test's): a running service, one that fails.
      const iris = await deployImage(local.account, await buildImage(local.account, 'iris', 'Onnx', {}, { model: IRIS }), 'iris', { numReplicas: 1 });
      const broken = await buildImage(local.account, 'broken', 'Node', { 'score.js': BROKEN_DRIVER }, { driver: 'score.js' });
      await deployImage(local.account, broken, 'broken').catch(() => undefined); // its operation ends Failed
      await bench.runCommand('Modelbay: Refresh');
      await expandRow('Services', 'iris');
      await treeRow('iris', /running · 1 replica/).waitFor({ timeout: 30_000 });
      const running = await bench.menuItems(treeRow('iris'));
      for (const entry of SCORING_ENTRIES) assert.ok(running.includes(entry), `a running service offers ${entry}`);

      await local.account.services.updateAndWait(iris.service.id, { numReplicas: 0 });
      await bench.runCommand('Modelbay: Refresh');
      await treeRow('iris', /stopped · scaled to 0 replicas/).waitFor({ timeout: 30_000 });
      const stopped = await bench.menuItems(treeRow('iris'));
      assert.deepEqual(stopped.filter((e) => SCORING_ENTRIES.includes(e)), [], 'a stopped service offers no scoring URL, Test or code');
      assert.equal(await treeRow('iris').locator('.actions [aria-label^="Test Service"], .actions [aria-label^="Copy Scoring URL"]').count(), 0, 'nor inline buttons');
      await treeRow('iris').click({ button: 'right' });
      await bench.page.getByRole('menuitem', { name: 'Show Service Details', exact: true }).first().waitFor();
      await shot('02-stopped-service-menu');
      await bench.page.keyboard.press('Escape');

      await treeRow('broken', /failed/).waitFor({ timeout: 30_000 });
      const failed = await bench.menuItems(treeRow('broken'));
      assert.deepEqual(failed.filter((e) => SCORING_ENTRIES.includes(e)), [], 'a failed service offers no scoring URL, Test or code');
    });

    it('Update Service shows the current settings, takes any valid typed value and marks the current image', async () => {
      await bench.contextMenu(treeRow('iris'), 'Update Service...');
      const whatToChange = await bench.quickPickRows('Image');
      assert.ok(whatToChange.some((r) => /Replicas.*now 0 replicas \(stopped\)/.test(r)), JSON.stringify(whatToChange));
      assert.ok(whatToChange.some((r) => /Image.*now iris:1/.test(r)), JSON.stringify(whatToChange));
      assert.ok(whatToChange.some((r) => /Calls per replica.*now 4/.test(r)), JSON.stringify(whatToChange));
      await shot('03-update-service-settings');
      await bench.choose(/Image\s*now/);
      const images = await bench.quickPickRows('current');
      assert.match(images[0]!, /^iris:1.*current/, 'the current image first, marked');
      await shot('04-update-service-image-picker');
      await bench.page.keyboard.press('Escape');

      await updateService('iris', /Replicas\s*now/);
      const settings = await bench.quickPickRows('A fixed number of replicas');
      assert.ok(settings.some((r) => /A fixed number of replicas.*now 0 replicas/.test(r)), JSON.stringify(settings));
      await bench.choose(/A fixed number of replicas/);
      assert.equal(await bench.quickInputValue(REPLICAS_PROMPT), '0', 'the box starts at the current count');
      await bench.page.locator('.quick-input-widget input').first().fill('17');
      await bench.page.locator('.quick-input-message', { hasText: 'from 0 to 16' }).first().waitFor({ timeout: 10_000 });
      await bench.page.locator('.quick-input-widget input').first().fill('3'); // valid again: the prompt comes back
      await bench.answerPrompt(REPLICAS_PROMPT);
      await treeRow('iris', /running · 3 replicas/).waitFor({ timeout: 60_000 });
      await shot('05-tree-running-and-failed');
    });

    it('Delete: an image a service runs is refused with the service\'s "still used by"; an unused model version is deleted', async () => {
      await expandRow('Images', 'iris:1');
      await bench.contextMenu(treeRow('iris:1'), 'Delete Image');
      await bench.dialogButton('Delete');
      const refused = bench.notification(/iris:1 was not deleted/);
      await refused.waitFor({ timeout: 30_000 });
      assert.match((await refused.textContent()) ?? '', /still used by service iris/);
      await shot('06-delete-refused');

      const asset = await local.account.uploadAsset(IRIS.file, IRIS.content);
      await local.account.registerModel({ name: 'spare', mimeType: 'application/onnx', url: asset.url });
      await bench.runCommand('Modelbay: Refresh');
      await expandRow('Models', 'spare');
      await expandRow('spare', 'Version 1');
      await bench.contextMenu(treeRow('Version 1'), 'Delete Model Version');
      await bench.dialogButton('Delete');
      await bench.notification(/deleted spare:1/).waitFor({ timeout: 30_000 });
      await treeRow('spare').waitFor({ state: 'hidden', timeout: 30_000 });
    });

    it('Show Build Log: the tab is titled by the image name and version', async () => {
      await bench.contextMenu(treeRow('iris:1'), 'Show Build Log');
      await bench.page.locator('.tabs-container .tab', { hasText: 'iris:1 build.log' }).first().waitFor({ timeout: 30_000 });
      await shot('07-build-log-tab');
    });

    it('Edit Account: a wrong URL is fixed from the error row; accounts of one address get names of their own', async () => {
      const NAME_PROMPT = 'A name for this account';
      const addAccount = async (url: string) => {
        await bench.runCommand('Modelbay: Add Account...');
        await bench.answerPrompt('The service URL', url);
        for (const prompt of ['Subscription', 'Resource group', 'Account name']) await bench.answerPrompt(prompt); // the defaults
        await bench.choose(/Paste a token/);
        await bench.answerPrompt('The bearer token', local.token);
        return bench.quickInputValue(NAME_PROMPT);
      };
      assert.equal(await addAccount('http://127.0.0.1:9'), 'default @ 127.0.0.1:9', 'named after its account and host');
      await bench.answerPrompt(NAME_PROMPT);
      await expandRow('default @ 127.0.0.1:9', 'Cannot reach the service');
      const errorRow = bench.page.locator('.pane-body .monaco-list-row', { hasText: 'Cannot reach the service' }).first();
      await errorRow.hover();
      await shot('08-remote-account-error-row');
      await bench.contextMenu(errorRow, 'Edit Account...');
      const changes = await bench.quickPickRows('Service URL');
      assert.ok(changes.some((r) => /Service URL.*http:\/\/127\.0\.0\.1:9/.test(r)), JSON.stringify(changes));
      assert.ok(changes.some((r) => /Paste a new token/.test(r)), JSON.stringify(changes));
      await shot('09-edit-account');
      await bench.choose(/Service URL/);
      assert.equal(await bench.quickInputValue('The service URL'), 'http://127.0.0.1:9', 'the box starts at the current URL');
      await bench.answerPrompt('The service URL', local.url);
      await errorRow.waitFor({ state: 'hidden', timeout: 30_000 });
      // The name Modelbay suggested follows the new host; the row shows the host and the account on it.
      const host = new URL(local.url).host;
      await treeRow(`default @ ${host}`, new RegExp(`^${host.replace(/\./g, '\\.')} · local/local/default$`)).waitFor({ timeout: 30_000 });
      const manifestRows = bench.page.locator('.pane-body .monaco-list-row').filter({ has: bench.page.locator('.label-name').getByText('Manifests', { exact: true }) });
      await manifestRows.nth(1).waitFor({ timeout: 30_000 }); // the remote account's folders, under Local's

      assert.equal(await addAccount(local.url), `default @ ${host} (2)`, 'a name no other account has');
      await bench.answerPrompt(NAME_PROMPT, 'Staging');
      await treeRow('Staging').waitFor({ timeout: 30_000 });
      await shot('10-two-remote-accounts');
    });

    it('the walkthrough: "Open Modelbay" checks its step even with the view open already, and a "Test your service" step follows Deploy', async () => {
      await bench.runCommand('Welcome: Open Walkthrough...');
      await bench.choose('Deploy your first model with Modelbay');
      const steps = bench.page.locator('.getting-started-step');
      await steps.filter({ hasText: 'Test your service' }).first().waitFor({ state: 'attached', timeout: 30_000 });
      const titles = await steps.locator('.step-title').allTextContents();
      assert.deepEqual(titles, ['Open the Modelbay view', 'Register a model', 'Deploy it', 'Test your service']);
      // The view shows already (the tests above opened it), as for a user who opened it before the walkthrough.
      await steps.filter({ hasText: 'Open the Modelbay view' }).getByRole('button', { name: 'Open Modelbay' }).first().click();
      await bench.page.locator('[data-done-step-id$="#openView"][aria-checked="true"]').first().waitFor({ state: 'attached', timeout: 30_000 });
      await shot('11-walkthrough');
    });
  });
}
