import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { chromiumExecutable } from '../../scripts/vscodePaths.mjs';
import { PORTAL_CSP } from '../../src/server/portal/html';
import { buildImage, deployImage, sampleFile, type Deployed } from './helpers/deploy';
import { startServiceProcess, type ServiceProcess } from './helpers/serviceProcess';

/** Screenshots of the page, light and dark, for a person to look at. */
const SHOTS = path.resolve(__dirname, '../../.test-output/portal');

describe('the developer portal: GET {scoringUri}/help, with Try it, in Chromium', () => {
  let service: ServiceProcess;
  let iris: Deployed;
  let browser: Browser;
  let help: string;
  let profile: string;

  before(async () => {
    service = await startServiceProcess();
    const model = await sampleFile('onnx-classifier/iris-classifier.onnx');
    const image = await buildImage(service.account, 'iris', 'Onnx', {}, { model: { file: 'iris-classifier.onnx', content: model } });
    iris = await deployImage(service.account, image, 'iris');
    help = `${iris.endpoint.scoringUri}/help`;
    profile = await fs.mkdtemp(path.join(os.tmpdir(), 'modelbay-portal-browser-'));
    browser = await chromium.launch({
      executablePath: chromiumExecutable,
      headless: true,
      env: { ...process.env, XDG_CONFIG_HOME: profile, XDG_CACHE_HOME: profile },
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    await fs.mkdir(SHOTS, { recursive: true });
  });
  after(async () => {
    await browser?.close();
    await service?.stop();
    if (profile) await fs.rm(profile, { recursive: true, force: true });
  });

  it('is read without a key, under a strict CSP, with no inline script or style; an unknown endpoint is a plain 404', async () => {
    const page = await fetch(help);
    assert.equal(page.status, 200);
    assert.equal(page.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.equal(page.headers.get('content-security-policy'), PORTAL_CSP);
    const html = await page.text();
    assert.ok(!/<script(?![^>]*\bsrc=)/.test(html), 'no inline script');
    assert.ok(!/<style|\sstyle=/.test(html), 'no inline style');
    assert.ok(!/\son[a-z]+=/.test(html), 'no event handler attributes');
    for (const op of ['RRS', 'Score any JSON', 'submit a job', 'start a job', 'job status', 'cancel or delete a job', 'list jobs']) assert.ok(html.includes(op), op);
    assert.ok(html.includes('curl -sS') && html.includes('urllib.request'), 'curl and Python samples');

    const classic = iris.endpoint.rrsUri.replace(/\/execute$/, '/help');
    assert.equal((await fetch(classic)).status, 200);
    for (const missing of [classic.replace(/workspaces\/[^/]+/, 'workspaces/other'), `${service.url}/score/00000000-0000-0000-0000-000000000000/help`, `${service.url}/score/not-an-id/help`]) {
      const answer = await fetch(missing);
      assert.equal(answer.status, 404, missing);
      assert.equal(answer.headers.get('content-type'), 'text/html; charset=utf-8');
      const text = await answer.text();
      assert.match(text, /No such endpoint/);
      assert.ok(!text.includes('iris'));
    }
    for (const [file, type] of [['help.js', 'text/javascript; charset=utf-8'], ['help.css', 'text/css; charset=utf-8']]) {
      const asset = await fetch(`${service.url}/portal/${file}`);
      assert.equal(asset.status, 200, file);
      assert.equal(asset.headers.get('content-type'), type);
    }
  });

  /** Opens the page in a fresh context (light or dark), failing on any console error or CSP report. */
  async function openHelp(colorScheme: 'light' | 'dark'): Promise<{ page: Page; problems: string[]; requested: string[] }> {
    const context = await browser.newContext({ colorScheme, viewport: { width: 1360, height: 900 } });
    const page = await context.newPage();
    const problems: string[] = [];
    const requested: string[] = [];
    page.on('console', (message) => {
      // The browser reports the refused Try-it call (401) itself: that one is expected.
      if (message.type() === 'error' && !message.text().includes('status of 401')) problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('request', (request) => requested.push(request.url()));
    await page.goto(help);
    await page.waitForSelector('#try-form');
    return { page, problems, requested };
  }

  async function send(page: Page): Promise<{ status: string; body: string; url: string; headers: string }> {
    await page.click('#try-send');
    await page.waitForFunction(() => !(document.getElementById('try-result') as HTMLElement).hidden && !(document.getElementById('try-send') as HTMLButtonElement).disabled);
    const text = (id: string) => page.locator(`#${id}`).innerText();
    return { status: await text('result-status'), body: await text('result-body'), url: await text('result-url'), headers: await text('result-headers') };
  }

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`Try it (${colorScheme}): the key typed, an RRS call and a raw call answer 200 with the prediction; a wrong key 401`, async () => {
      const { page, problems, requested } = await openHelp(colorScheme);
      assert.equal(await page.locator('#try-operation').inputValue(), 'rrs');
      await page.screenshot({ path: path.join(SHOTS, `help-${colorScheme}.png`) });
      await page.fill('#try-key', iris.keys.primaryKey);
      await page.fill('#try-body', JSON.stringify({ Inputs: { input1: { ColumnNames: ['f0', 'f1', 'f2', 'f3'], Values: [[5.1, 3.5, 1.4, 0.2]] } }, GlobalParameters: {} }));
      const rrs = await send(page);
      assert.match(rrs.status, /^200\b/, rrs.body);
      assert.equal(rrs.url, `${iris.endpoint.rrsUri}?api-version=2.0&details=true`);
      assert.match(rrs.headers, /content-type: application\/json/);
      assert.ok(rrs.body.includes('"Results"'), rrs.body);

      await page.selectOption('#try-operation', 'score');
      assert.equal(await page.locator('#try-url').inputValue(), iris.endpoint.scoringUri);
      await page.fill('#try-body', JSON.stringify({ data: [[5.1, 3.5, 1.4, 0.2], [6.3, 3.3, 6.0, 2.5]] }));
      const raw = await send(page);
      assert.match(raw.status, /^200\b/, raw.body);
      const prediction = JSON.parse(raw.body) as { label: number[]; probabilities: number[][] };
      assert.deepEqual(prediction.label, [0, 2]); // samples/onnx-classifier/expected.json
      assert.ok(Math.abs(prediction.probabilities[0]![0]! - 0.9398) < 1e-4);
      await page.locator('#try-result').screenshot({ path: path.join(SHOTS, `try-it-200-${colorScheme}.png`) });

      await page.fill('#try-key', 'not-the-key');
      const refused = await send(page);
      assert.match(refused.status, /^401\b/);
      const error = JSON.parse(refused.body) as { error: { code: string; details: { code: string }[] } };
      assert.equal(error.error.code, 'ScoreRequestUnauthorized');
      await page.locator('#try-result').screenshot({ path: path.join(SHOTS, `try-it-401-${colorScheme}.png`) });

      // The key goes nowhere but this service: another origin is refused before any request is made.
      await page.fill('#try-key', iris.keys.primaryKey);
      await page.fill('#try-url', 'http://127.0.0.2:9/score/steal');
      await page.click('#try-send');
      assert.match(await page.locator('#try-problem').innerText(), /Calls go to this service only/);
      const origin = new URL(service.url).origin;
      assert.deepEqual(requested.filter((u) => new URL(u).origin !== origin), []);
      assert.deepEqual(problems, [], 'no console error and no CSP violation');
      await page.context().close();
    });
  }

  it('the "Try it" button of an operation fills the form with its method, URL and body', async () => {
    const { page } = await openHelp('light');
    await page.click('#op-bes-status button.try');
    assert.equal(await page.locator('#try-operation').inputValue(), 'bes-status');
    assert.equal(await page.locator('#try-method').inputValue(), 'GET');
    assert.match(await page.locator('#try-url').inputValue(), /\/workspaces\/[^/]+\/services\/[^/]+\/jobs\/%7BjobId%7D\?api-version=2\.0$/);
    assert.equal(await page.locator('#try-body').inputValue(), '');
    await page.context().close();
  });
});
