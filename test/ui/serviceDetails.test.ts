import * as assert from 'node:assert/strict';
import type { AccountClient } from '../../src/api/client';
import type { Deployed } from '../server/helpers/deploy';
import { startWithIrisOnLocal, type UiSession } from './harness';
import type { Workbench } from './workbench';

// The Service Details panel as a person uses it (issue 9, item 7 and cosmetic): it follows changes made in the tree,
// in the panel and by operations; it removes endpoints; a failure shows next to the button that caused it; the state
// reads as in the tree; a stopped service offers no URL and no Test; Copy says it copied; dates are whole; the
// sample-data checkbox is labelled once. The sample is deployed "elsewhere" (the API client, as another window or a
// colleague's script would); everything the user does goes through the workbench.

describe('UI: Service Details follows the service and answers next to the button pressed', () => {
  let ui: UiSession;
  let bench: Workbench;
  let service: AccountClient;
  let serviceId: string;
  const shot = (name: string) => bench.shot(`service-details-${name}`);
  const details = () => bench.webview();
  const card = (endpoint: string) => details().locator(`[data-endpoint="${endpoint}"]`);
  const notice = (area: string) => details().locator(`[data-notice="${area}"]`);

  /** Waits for a panel state that lasts (the panel follows the service: no refresh is pressed). */
  const panelShows = async (selector: string, text: RegExp, timeout = 60_000) => details().locator(selector).filter({ hasText: text }).first().waitFor({ timeout });

  async function addEndpointInPanel(name: string, description?: string): Promise<void> {
    await bench.fill(details(), 'endpoint-name', name);
    if (description !== undefined) await bench.fill(details(), 'endpoint-description', description);
    await details().locator('#add-endpoint').click();
  }

  async function confirmModal(button: string): Promise<void> {
    const action = bench.page.locator('.monaco-dialog-box .monaco-button', { hasText: button }).first();
    await action.waitFor({ timeout: 15_000 });
    await action.click();
  }

  before(async () => {
    let deployed: Deployed;
    ({ ui, bench, account: service, deployed } = await startWithIrisOnLocal('Service details'));
    serviceId = deployed.service.id;
    await ui.session.context.grantPermissions(['clipboard-read', 'clipboard-write']);
  });
  afterEach(async function () {
    // What the workbench showed when a step failed, to look at.
    if (this.currentTest?.state === 'failed') await shot(`failed-${this.currentTest.title.slice(0, 40).replace(/\W+/g, '-')}`).catch(() => undefined);
  });
  after(async () => {
    await ui?.close();
  });

  it("shows the state in the tree's words and colour", async () => {
    await bench.contextMenu(bench.row('iris', '.pane-body'), 'Show Service Details');
    await details().locator('#refresh').waitFor({ timeout: 30_000 });
    await panelShows('#state', /running/);
    const state = (await details().locator('#state').textContent())?.trim() ?? '';
    assert.equal(state, 'running · 1 replica');
    await bench.page.locator('.pane-body .monaco-list-row', { hasText: 'iris' }).filter({ hasText: state }).first().waitFor({ timeout: 10_000 });
    await shot('01-running');
  });

  it('Copy says what it copied, next to the button', async () => {
    await details().locator('#copy-service-url').click();
    await panelShows('[data-notice="service"]', /^The scoring URL copied to the clipboard\.$/);
    const url = (await details().locator('#scoring-uri').textContent()) ?? '';
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/score\//);
    assert.equal(await bench.page.evaluate(() => navigator.clipboard.readText()), url);
    await details().locator('#copy-default-primary').click();
    await panelShows('[data-notice="endpoint:default"]', /^The primary key of default copied to the clipboard\.$/);
    assert.match(await bench.page.evaluate(() => navigator.clipboard.readText()), /^\S{20,}$/, 'the key itself, not its mask');
  });

  it('labels the sample-data checkbox once', async () => {
    // What the checkbox shows: the label it draws from its attribute (in its shadow root) and the text it slots.
    const shown = await details().locator('#endpoint-sample').evaluate((box) => `${box.shadowRoot?.querySelector('.label-attr')?.textContent ?? ''} ${box.textContent ?? ''}`);
    assert.equal(shown.match(/Sample data enabled/g)?.length, 1, `the checkbox says "Sample data enabled" once: ${shown}`);
  });

  it('shows the deployment dates whole, also in a narrow panel', async () => {
    await bench.page.setViewportSize({ width: 900, height: 800 });
    try {
      // Every cell of the history shows its whole text (none cut with an ellipsis), dates included.
      const history = details().locator('h2', { hasText: 'Deployments' }).locator('xpath=following-sibling::*[1]');
      await history.scrollIntoViewIfNeeded();
      // A cell is cut when its text reaches past its own box or past the table's (which clips what overflows it).
      const cells = await history.locator('td, vscode-table-cell').evaluateAll((all) =>
        all.map((cell) => {
          const range = document.createRange();
          range.selectNodeContents(cell);
          const visibleRight = Math.min(cell.getBoundingClientRect().right, (cell.closest('table, vscode-table') ?? cell).getBoundingClientRect().right);
          return { text: cell.textContent ?? '', cut: range.getBoundingClientRect().right > visibleRight + 1 };
        }),
      );
      assert.ok(cells.length >= 4, `the history has a row: ${JSON.stringify(cells)}`);
      assert.deepEqual(cells.filter((c) => c.cut), [], 'no cell is cut');
      assert.match(cells[0]!.text, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
      await shot('01b-history-narrow');
    } finally {
      await bench.page.setViewportSize({ width: 1280, height: 800 });
    }
  });

  it('an endpoint added in the panel and removed from the tree leaves the panel without a refresh', async () => {
    await addEndpointInPanel('partner1');
    await card('partner1').waitFor({ timeout: 30_000 });
    await bench.expand('iris', 'Endpoints');
    await bench.expand('Endpoints', 'partner1');
    await bench.contextMenu(bench.row('partner1', '.pane-body'), 'Remove Endpoint');
    await confirmModal('Remove');
    await card('partner1').waitFor({ state: 'detached', timeout: 30_000 });
    assert.equal(await notice('add').textContent(), 'Added the endpoint partner1.', 'the form said it was added, next to its button');
  });

  it('removes an endpoint from its card, after confirming; the tree follows', async () => {
    await addEndpointInPanel('partner2');
    await bench.row('partner2', '.pane-body').waitFor({ timeout: 30_000 });
    assert.equal(await card('default').locator('#remove-default').count(), 0, 'the default endpoint goes with the service only');
    await card('partner2').locator('#remove-partner2').click();
    await confirmModal('Remove');
    await card('partner2').waitFor({ state: 'detached', timeout: 30_000 });
    await bench.row('partner2', '.pane-body').waitFor({ state: 'detached', timeout: 30_000 });
  });

  it('a failure shows next to the button that caused it: Test on an endpoint removed elsewhere, a refused Add', async () => {
    await addEndpointInPanel('partner3');
    await card('partner3').waitFor({ timeout: 30_000 });
    // Another client removes it: nothing tells this window, so the card is still there when Test is pressed.
    await service.services.deleteEndpoint(serviceId, 'partner3');
    await card('partner3').locator('#test-partner3').click();
    await panelShows('[data-notice="endpoint:partner3"].problem', /partner3.*not found|EndpointNotFound/i);
    assert.doesNotMatch((await notice('service').textContent()) ?? '', /partner3|not found/i, 'nothing is said far from the button');
    assert.equal(await details().locator('[data-notice="service"].problem').count(), 0);
    await shot('02-failure-next-to-test');

    await addEndpointInPanel('partner4', 'x'.repeat(5000));
    await panelShows('[data-notice="add"].problem', /description/i);
    assert.equal(await card('partner4').count(), 0);
    assert.equal(await notice('endpoint:partner3').locator('xpath=self::*[contains(@class, "problem")]').count(), 1, 'the earlier failure stays by its own card');
    await bench.fill(details(), 'endpoint-description', '');
  });

  it('an update scaling it to zero (an operation) shows it stopped: no scoring URL, no Test', async () => {
    await bench.contextMenu(bench.row('iris', '.pane-body'), 'Update Service...');
    await bench.answerInput('Replicas');
    await bench.answerInput('A fixed number of replicas');
    await bench.answerInput('0');
    await panelShows('#state', /^stopped · scaled to 0 replicas$/);
    assert.equal(await details().locator('#scoring-uri').count(), 0);
    assert.match((await details().locator('#no-scoring-uri').textContent()) ?? '', /none while the service is stopped/);
    assert.equal(await details().locator('[id^="test-"]').count(), 0, 'no Test while it cannot score');
    assert.equal(await details().locator('[id^="copy-url-"]').count(), 0, 'no endpoint URL to copy');
    await details().locator('h1').scrollIntoViewIfNeeded();
    await shot('03-stopped');
  });

  it('looks right in the light theme too', async () => {
    await bench.chooseColorTheme('Default Light Modern', 'vs');
    await shot('04-stopped-light');
    await bench.contextMenu(bench.row('iris', '.pane-body'), 'Update Service...');
    await bench.answerInput('Replicas');
    await bench.answerInput('A fixed number of replicas');
    await bench.answerInput('1');
    await panelShows('#state', /^running · 1 replica$/);
    await shot('05-running-light');
  });

  it('says so when the service is deleted from the tree, and offers nothing to click', async () => {
    await bench.contextMenu(bench.row('iris', '.pane-body'), 'Delete Service');
    await confirmModal('Delete');
    await panelShows('#gone', /no longer exists/);
    assert.equal(await details().locator('vscode-button').count(), 0);
  });
});
