import * as assert from 'node:assert/strict';
import type { AccountClient } from '../../src/api/client';
import { score, type Deployed } from '../server/helpers/deploy';
import { startWithIrisOnLocal, type UiSession } from './harness';
import type { Workbench } from './workbench';

// Issue 12, item 6 as a person uses it: the Usage dashboard of a service that was called (charts drawn, in the dark
// and the light theme, none overflowing its card), and an endpoint's rate limit changed in Service Details, after
// which the next calls are refused. The sample is deployed and called "elsewhere" (the API client, as a customer's
// program would); everything the user does goes through the workbench.

const FLOWER = { inputs: [{ name: 'input', shape: [1, 4], datatype: 'FP32', data: [5.1, 3.5, 1.4, 0.2] }] };

describe('UI: Usage dashboard and endpoint limits', () => {
  let ui: UiSession;
  let bench: Workbench;
  let account: AccountClient;
  let deployed: Deployed;
  const shot = (name: string) => bench.shot(`usage-${name}`);
  const panel = () => bench.webview();

  /** The dashboard's total of calls once it reads `calls`: Refresh is pressed while it does not (usage is written each second). */
  async function dashboardShowsCalls(calls: number): Promise<void> {
    const total = panel().locator('[data-figure="total"] .figure-value');
    const until = Date.now() + 60_000;
    for (;;) {
      await panel().locator('#usage-refresh').click();
      try {
        await total.filter({ hasText: new RegExp(`^${calls}$`) }).waitFor({ timeout: 3_000 });
        return;
      } catch (error) {
        if (Date.now() > until) throw new Error(`the dashboard's total stayed at ${await total.textContent().catch(() => '?')}, not ${calls}`, { cause: error });
      }
    }
  }

  /** Every chart fits its card: no canvas or legend reaches past the card's right edge, none is drawn 0 wide. */
  async function chartsFit(): Promise<void> {
    const boxes = await panel().locator('.chart-card').evaluateAll((cards) =>
      cards.map((card) => {
        const right = card.getBoundingClientRect().right;
        const parts = Array.from(card.querySelectorAll('canvas, .u-legend')).map((part) => part.getBoundingClientRect());
        return { width: Math.round(card.getBoundingClientRect().width), beyond: parts.map((r) => Math.round(r.right - right)).filter((d) => d > 1), empty: parts.filter((r) => r.width < 50).length };
      }),
    );
    assert.equal(boxes.length, 4, 'four charts');
    assert.deepEqual(boxes.filter((b) => b.beyond.length > 0 || b.empty > 0), [], `every chart fits its card: ${JSON.stringify(boxes)}`);
  }

  before(async () => {
    ({ ui, bench, account, deployed } = await startWithIrisOnLocal('Usage'));
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await shot(`failed-${this.currentTest.title.slice(0, 40).replace(/\W+/g, '-')}`).catch(() => undefined);
  });
  after(async () => {
    await ui?.close();
  });

  it('opens the Usage dashboard from the tree after some calls and draws the charts (dark theme)', async () => {
    // A customer's calls: 8 that score, 2 with a wrong body (400), 1 with a wrong key (401).
    for (let i = 0; i < 8; i++) assert.equal((await score(deployed.endpoint.scoringUri, deployed.keys.primaryKey, FLOWER)).status, 200);
    for (let i = 0; i < 2; i++) assert.equal((await score(deployed.endpoint.scoringUri, deployed.keys.primaryKey, { inputs: 'not a tensor' })).status, 400);
    assert.equal((await score(deployed.endpoint.scoringUri, 'not-the-key', FLOWER)).status, 401);
    await bench.contextMenu(bench.row('iris', '.pane-body'), 'Show Usage Dashboard');
    await panel().locator('#usage-refresh').waitFor({ timeout: 30_000 });
    await dashboardShowsCalls(11);
    assert.equal(await panel().locator('[data-figure="success"] .figure-value').textContent(), '8');
    assert.equal(await panel().locator('[data-figure="failed"] .figure-value').textContent(), '2');
    assert.equal(await panel().locator('[data-figure="blocked"] .figure-value').textContent(), '1');
    await panel().locator('[data-chart="calls"] canvas').first().waitFor({ state: 'visible' });
    assert.equal(await panel().locator('#usage-empty').isVisible(), false, 'no empty state when there were calls');
    // Away from the cursor, the legend shows each outcome's sum over the range.
    assert.equal(await panel().locator('[data-chart="calls"] .u-series', { hasText: 'Success' }).locator('.u-value').textContent(), '8');
    assert.equal(await panel().locator('[data-chart="calls"] .u-series', { hasText: 'Failed' }).locator('.u-value').textContent(), '2');
    await chartsFit();
    await shot('01-dashboard-dark');
  });

  it('follows the light theme; the charts fit a narrow window too', async () => {
    await bench.chooseColorTheme('Default Light Modern', 'vs');
    // The charts are drawn again in the new theme's colours: the canvases are replaced.
    await panel().locator('body.vscode-light').waitFor({ timeout: 15_000 });
    await panel().locator('[data-chart="latency"] canvas').first().waitFor({ state: 'visible' });
    await chartsFit();
    await shot('02-dashboard-light');
    await bench.page.setViewportSize({ width: 900, height: 800 });
    try {
      await chartsFit();
      await shot('03-dashboard-light-narrow');
    } finally {
      await bench.page.setViewportSize({ width: 1280, height: 800 });
    }
  });

  it('a rate limit set in Service Details refuses the next calls; a period the service would refuse is pointed at', async () => {
    await bench.contextMenu(bench.row('iris', '.pane-body'), 'Show Service Details');
    const card = panel().locator('[data-endpoint="default"]');
    await card.locator('#save-settings-default').waitFor({ timeout: 30_000 });
    assert.equal(await card.locator('#default-rate-calls').isVisible(), false, 'no rate limit: its fields are hidden');
    const rateBox = await card.locator('#default-rate-on').boundingBox();
    const quotaBox = await card.locator('#default-quota-on').boundingBox();
    assert.ok(rateBox && quotaBox && quotaBox.y > rateBox.y + rateBox.height / 2, 'one setting a line: the Quota checkbox is below Rate limit');
    await card.locator('#default-rate-on').click();
    await bench.fill(panel(), 'default-rate-calls', '2');
    await bench.fill(panel(), 'default-rate-period', '301');
    await card.locator('#save-settings-default').click();
    // The service's own rule, checked as the user types: nothing is sent.
    await card.locator('vscode-form-helper.problem', { hasText: 'The renewal period must be from 1 to 300 seconds.' }).waitFor({ timeout: 10_000 });
    assert.equal((await account.services.endpoint(deployed.service.id, 'default')).rateLimit, undefined, 'not saved');
    await bench.fill(panel(), 'default-rate-period', '60');
    await card.locator('#save-settings-default').click();
    await card.locator('[data-notice="settings:default"]', { hasText: /^Saved/ }).waitFor({ timeout: 15_000 });
    await card.locator('.card-title .status', { hasText: '2 calls / 60 s' }).waitFor({ timeout: 15_000 });
    await card.locator('h3').scrollIntoViewIfNeeded();
    await shot('04-rate-limit-saved');

    // The next calls: two pass, then the Test button's request is refused, and its response says so.
    for (let i = 0; i < 2; i++) assert.equal((await score(deployed.endpoint.scoringUri, deployed.keys.primaryKey, FLOWER)).status, 200);
    await card.locator('#test-default').click();
    await bench.sendRequestWithCodeLens();
    // The editor wraps long lines (at a space kept at the line's end): joined again, they read as written.
    const response = (await bench.responseText(/HTTP\s429/)).replace(/\n/g, '');
    assert.match(response, /RateLimitExceeded/);
    assert.match(response, /Limits: concurrency \d+ of 20 left; rate 0 of 2 left, renews in \d+ s/);
    await shot('05-next-call-refused');
  });

  it('Show Usage in Service Details brings the dashboard back with the refused call; an endpoint without calls is empty', async () => {
    // An endpoint added in the panel: the open dashboard is told, and offers it.
    await bench.page.locator('.tab', { hasText: 'Service iris' }).first().click();
    await bench.fill(panel(), 'endpoint-name', 'quiet');
    await panel().locator('#add-endpoint').click();
    await panel().locator('[data-endpoint="quiet"]').waitFor({ timeout: 30_000 });
    await panel().locator('#open-usage').click();
    await panel().locator('#usage-refresh').waitFor({ timeout: 30_000 });
    await dashboardShowsCalls(14);
    assert.equal(await panel().locator('[data-figure="blocked"] .figure-value').textContent(), '2', 'the 401 and the 429');
    await panel().locator('#usage-endpoint').click();
    await panel().locator('#usage-endpoint li[role="option"]', { hasText: /^\s*quiet\s*$/ }).click();
    await panel().locator('#usage-empty', { hasText: 'No calls to endpoint quiet in this period.' }).waitFor({ timeout: 15_000 });
    assert.equal(await panel().locator('#charts').isVisible(), false, 'no empty charts');
    await shot('06-empty-endpoint');
  });

  it('Suspend in Service Details refuses every call with 403; Resume lets them in again', async () => {
    await bench.page.locator('.tab', { hasText: 'Service iris' }).first().click();
    const card = panel().locator('[data-endpoint="default"]');
    await card.locator('#state-default', { hasText: 'Suspend' }).click();
    await card.locator('.settings-state .status.problem', { hasText: /^Suspended/ }).waitFor({ timeout: 15_000 });
    await card.locator('.card-title .status', { hasText: /^suspended · / }).waitFor({ timeout: 15_000 });
    const refused = await score(deployed.endpoint.scoringUri, deployed.keys.primaryKey, FLOWER);
    assert.equal(refused.status, 403);
    assert.equal(refused.body.error?.code, 'EndpointSuspended');
    await shot('07-suspended');
    await card.locator('#state-default', { hasText: 'Resume' }).click();
    await card.locator('.settings-state .status', { hasText: /^Active/ }).waitFor({ timeout: 15_000 });
    // Still rate limited (2 calls a minute), but no longer suspended.
    assert.notEqual((await score(deployed.endpoint.scoringUri, deployed.keys.primaryKey, FLOWER)).status, 403);
  });

  it('Show Logs on the service follows its log in the Output panel', async () => {
    await bench.contextMenu(bench.row('iris', '.pane-body'), 'Show Logs');
    // The replica's own lines (the service's remarks as it started it), tagged with replica and image.
    const output = bench.page.locator('.part.panel .view-lines', { hasText: /replica-\d+\s+iris:1\s+·.*ready/ }).first();
    await output.waitFor({ timeout: 30_000 });
    await shot('09-service-log');
  });

  it('Show Usage Dashboard from the palette asks for the service and shows its dashboard', async () => {
    await bench.page.locator('.tab', { hasText: 'Service iris' }).first().click();
    await bench.runCommand('Modelbay: Show Usage Dashboard');
    await bench.choose(/iris/);
    await bench.page.locator('.tab.active', { hasText: 'Usage · iris' }).waitFor({ timeout: 15_000 });
    assert.equal(await bench.page.locator('.tab', { hasText: 'Usage · iris' }).count(), 1, 'the open dashboard, not a second one');
  });

  it('says so in its error row when the service is deleted', async () => {
    await bench.contextMenu(bench.row('iris', '.pane-body'), 'Delete Service');
    await bench.dialogButton('Delete');
    await bench.page.locator('.tab', { hasText: 'Usage · iris' }).first().click();
    await panel().locator('#usage-error', { hasText: 'no longer exists' }).waitFor({ timeout: 60_000 });
    await shot('08-service-deleted');
  });
});
