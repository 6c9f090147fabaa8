import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AccountRef } from '../../src/api/accountRef';
import type { AccountClient } from '../../src/api/client/accountClient';
import { collect } from '../../src/api/client/paging';
import { buildImage, deployImage, SAMPLES } from '../server/helpers/deploy';
import { startLocalIssuer, type LocalIssuer } from '../server/helpers/localIssuer';
import { startServiceProcess, type ServiceProcess } from '../server/helpers/serviceProcess';
import { startVsCodeForUi, type UiSession } from './harness';
import { sampleWorkspace, VSIX, Workbench } from './workbench';

// Issue 14: a remote account's tree offers what the signed-in user's role allows, and an Owner manages access from
// a form. The service runs with a JWT issuer; the admin prepares an account and gives principal R Reader and
// principal O Owner through the API; VS Code signs in with R's token, then with O's.

const AUDIENCE = 'api://modelbay-ui';
const FRAUD: AccountRef = { subscriptionId: 'team', resourceGroupName: 'ml', accountName: 'fraud' };
const READER = 'reader-r';
const OWNER = 'owner-o';
const GRANTEE = 'contrib-c';
const IRIS = { file: 'iris-classifier.onnx', content: readFileSync(join(SAMPLES, 'onnx-classifier', 'iris-classifier.onnx')) };
/** Menu entries that read keys, change or delete: a Reader sees none of them. */
const FORBIDDEN_TO_READERS = /Key|Delete|Remove Endpoint|Update Service|Add Endpoint|Test Service|Register Model|Deploy Model|Create|Manage Access|Batch Job/;

describe('UI: access control per account (issue 14)', () => {
  let issuer: LocalIssuer;
  let service: ServiceProcess;
  let fraud: AccountClient;
  let ui: UiSession;
  let bench: Workbench;
  const shot = (name: string) => bench.shot(`access-${name}`);
  /** The Modelbay tree's row labelled exactly `label`. */
  const treeRow = (label: string) =>
    bench.page.locator('.pane-body .monaco-list-row').filter({ has: bench.page.locator('.label-name').getByText(label, { exact: true }) }).first();

  async function expandRow(label: string, child: string): Promise<void> {
    const row = treeRow(label);
    await row.waitFor({ timeout: 30_000 });
    if ((await row.getAttribute('aria-expanded')) !== 'true') await row.locator('.monaco-tl-twistie').click();
    await treeRow(child).waitFor({ timeout: 60_000 });
  }

  /** Add Account... from the palette: this service, the fraud account, a pasted token, and a name. */
  async function addAccount(name: string, token: string): Promise<void> {
    await bench.runCommand('Modelbay: Add Account...');
    await bench.answerPrompt('The service URL', service.url);
    await bench.answerPrompt('Subscription', FRAUD.subscriptionId);
    await bench.answerPrompt('Resource group', FRAUD.resourceGroupName);
    await bench.answerPrompt('Account name on the service', FRAUD.accountName);
    await bench.choose(/Paste a token/);
    await bench.answerPrompt('The bearer token', token);
    await bench.answerPrompt('A name for this account', name);
    await treeRow(name).waitFor({ timeout: 30_000 });
  }

  before(async () => {
    issuer = await startLocalIssuer(AUDIENCE);
    service = await startServiceProcess({
      args: ['--jwt-issuer', issuer.issuer, '--jwt-audience', AUDIENCE],
      env: { NODE_EXTRA_CA_CERTS: issuer.caFile },
    });
    // The admin's part, through the API: the account, something in it, and who may do what.
    await service.client.putAccount(FRAUD, { description: 'fraud models' });
    fraud = service.client.account(FRAUD);
    await deployImage(fraud, await buildImage(fraud, 'iris', 'Onnx', {}, { model: IRIS }), 'iris', { numReplicas: 1 });
    await fraud.roleAssignments.put('reader-r', { principalId: READER, principalType: 'User', role: 'Reader' });
    await fraud.roleAssignments.put('owner-o', { principalId: OWNER, principalType: 'User', role: 'Owner' });
    // Only the remote accounts show: the Local service is not started for this test.
    ui = await startVsCodeForUi({ vsixPath: VSIX, workspaceFolder: sampleWorkspace(), settings: { 'modelbay.local.enabled': false } });
    bench = new Workbench(ui.page);
  });
  after(async () => {
    await ui?.close();
    await service?.stop();
    await issuer?.close();
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await shot(`failed-${this.currentTest.title.slice(0, 30).replace(/\W+/g, '-')}`);
    for (let i = 0; i < 3; i++) await bench.page.keyboard.press('Escape');
  });

  it("a Reader's tree shows the models and services, and its menus offer no key, change or delete command", async () => {
    await bench.page.locator('.activitybar [aria-label^="Modelbay"]').first().click();
    await addAccount('Fraud as reader', await issuer.sign({ aud: AUDIENCE, oid: READER, sub: READER }, { expiresIn: '2h' }));
    await expandRow('Fraud as reader', 'Services');
    // The row says the role that limits what it offers.
    await bench.page.locator('.pane-body .monaco-list-row .label-description', { hasText: /^Reader · 127\.0\.0\.1:\d+ · team\/ml\/fraud$/ }).waitFor({ timeout: 30_000 });
    // The model first (its name is the service's too: the service row is told apart by its state).
    await expandRow('Models', 'iris');
    await expandRow('iris', 'Version 1');
    await treeRow('Services').locator('.monaco-tl-twistie').click();
    const serviceRow = bench.page.locator('.pane-body .monaco-list-row', { hasText: /running · 1 replica/ }).first();
    await serviceRow.waitFor({ timeout: 30_000 });
    await serviceRow.locator('.monaco-tl-twistie').click();
    await expandRow('Endpoints', 'default');

    const menus: Record<string, string[]> = {
      account: await bench.menuItems(treeRow('Fraud as reader')),
      model: await bench.menuItems(treeRow('Version 1')),
      service: await bench.menuItems(serviceRow),
      endpoint: await bench.menuItems(treeRow('default')),
    };
    for (const [row, entries] of Object.entries(menus)) {
      assert.deepEqual(entries.filter((e) => FORBIDDEN_TO_READERS.test(e)), [], `the ${row} row offers ${JSON.stringify(entries)}`);
    }
    assert.ok(menus.service!.includes('Copy Scoring URL') && menus.service!.includes('Show Service Details'), `a Reader still looks: ${JSON.stringify(menus.service)}`);
    assert.ok(menus.account!.includes('Edit Account...'), JSON.stringify(menus.account));

    await serviceRow.click({ button: 'right' });
    await bench.page.locator('.context-view .monaco-menu .action-label', { hasText: 'Copy Scoring URL' }).first().waitFor({ state: 'visible' });
    await shot('01-reader-service-menu');
    await bench.page.keyboard.press('Escape');
  });

  it("a Reader's Service Details shows the service, its keys hidden, nothing to change", async () => {
    const serviceRow = bench.page.locator('.pane-body .monaco-list-row', { hasText: /running · 1 replica/ }).first();
    await bench.contextMenu(serviceRow, 'Show Service Details');
    const panel = bench.webview();
    await panel.locator('#read-only', { hasText: 'need Contributor' }).waitFor({ timeout: 30_000 });
    assert.equal(await panel.locator('#key-default-primary').textContent(), 'hidden: reading keys needs Contributor');
    for (const button of ['#regenerate-default-primary', '#copy-default-primary', '#test-default', '#add-endpoint']) {
      assert.equal(await panel.locator(button).count(), 0, `${button} is offered to a Reader`);
    }
    assert.ok(await panel.locator('#copy-service-url').isVisible(), 'the scoring URL can still be copied');
    await shot('02-reader-service-details');
    await bench.runCommand('View: Close All Editors');
  });

  it('a command run from the palette on something the Reader may not change says which role it needs', async () => {
    await bench.runCommand('Modelbay: Delete Model Version');
    await bench.choose('iris:1');
    await bench.dialogButton('Delete');
    const toast = bench.notification(/You need Contributor on team\/ml\/fraud to /);
    await toast.waitFor({ timeout: 30_000 });
    await shot('03-reader-refused');
    assert.equal((await fraud.listModels()).value.length, 1, 'nothing was deleted');
  });

  it('an Owner grants Contributor from Manage Access...; the service lists the new assignment', async () => {
    // The reader's account is folded away, so the owner's rows are the only ones with these labels.
    const readerRow = treeRow('Fraud as reader');
    if ((await readerRow.getAttribute('aria-expanded')) === 'true') await readerRow.locator('.monaco-tl-twistie').click();
    await addAccount('Fraud as owner', await issuer.sign({ aud: AUDIENCE, oid: OWNER, sub: OWNER }, { expiresIn: '2h' }));
    await expandRow('Fraud as owner', 'Services');
    // The account row learns its role when it is read (its label for screen readers says it); its menu then offers Manage Access.
    await bench.page.locator('.pane-body .monaco-list-row[aria-label="Fraud as owner, remote account, your role: Owner"]').waitFor({ timeout: 30_000 });
    await bench.contextMenu(treeRow('Fraud as owner'), 'Manage Access...');

    const form = bench.webview();
    await form.locator(`tr[data-principal="${READER}"]`).waitFor({ timeout: 30_000 });
    assert.equal(await form.locator(`tr[data-principal="${OWNER}"]`).getAttribute('data-role'), 'Owner');

    // Checked as typed, with the contract's rule.
    const principal = form.locator('#principal-id input');
    await principal.fill('contrib c');
    const helper = form.locator('vscode-form-group:has(#principal-id) vscode-form-helper');
    await helper.filter({ hasText: 'no spaces' }).waitFor({ timeout: 10_000 });
    await principal.fill(GRANTEE);
    await helper.filter({ hasText: 'object id' }).waitFor({ timeout: 10_000 });
    await form.locator('vscode-radio[value="Contributor"]').click();
    await form.locator('#role-meaning', { hasText: /^Contributor also creates/ }).waitFor({ timeout: 10_000 });
    await form.locator('#grant').click();
    const granted = form.locator(`tr[data-principal="${GRANTEE}"]`);
    await granted.waitFor({ timeout: 30_000 });
    assert.equal(await granted.getAttribute('data-role'), 'Contributor');
    await form.locator('#grant-notice', { hasText: `${GRANTEE} now has Contributor.` }).waitFor({ timeout: 10_000 });

    const onService = await collect(fraud.roleAssignments.iterate());
    const assignment = onService.find((a) => a.principalId === GRANTEE);
    assert.ok(assignment, JSON.stringify(onService));
    assert.equal(assignment.role, 'Contributor');
    assert.equal(assignment.principalType, 'User');

    // The last Owner stays: the service's refusal shows under the list, and the row is still there.
    await form.locator(`tr[data-principal="${OWNER}"] vscode-button[data-remove]`).click();
    await form.locator('#list-notice.problem').waitFor({ timeout: 30_000 });
    assert.ok(await form.locator(`tr[data-principal="${OWNER}"]`).isVisible());
    await shot('04-manage-access-form');
  });
});
